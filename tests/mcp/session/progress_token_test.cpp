#include "mcp/session/progress_token.hpp"

#include <gtest/gtest.h>

namespace toolgate::mcp {
namespace {

TEST(ProgressToken, ReadsStringAndIntegerTokens) {
  EXPECT_EQ(read_progress_token(std::string(R"({"_meta":{"progressToken":"abc"}})")), "\"abc\"");
  EXPECT_EQ(read_progress_token(std::string(R"({"_meta":{"progressToken":7}})")), "7");
  EXPECT_FALSE(read_progress_token(std::string(R"({"_meta":{"progressToken":null}})")));
  EXPECT_FALSE(read_progress_token(std::string(R"({"name":"x"})")));
  EXPECT_FALSE(read_progress_token(std::nullopt));
}

TEST(ProgressToken, SetsTokenKeepingOtherMembers) {
  auto params = with_progress_token(std::string(R"({"name":"t","_meta":{"other":1}})"), "42");
  EXPECT_EQ(params, R"({"name":"t","_meta":{"other":1,"progressToken":42}})");
  EXPECT_EQ(with_progress_token(std::nullopt, "\"p\""), R"({"_meta":{"progressToken":"p"}})");
}

TEST(ProgressToken, RetokensProgressNotifications) {
  auto out = retoken_progress(R"({"progressToken":5,"progress":1,"total":3})", "\"down\"");
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, R"({"progressToken":"down","progress":1,"total":3})");
  EXPECT_EQ(progress_token_of(*out), "\"down\"");
  EXPECT_FALSE(retoken_progress(R"({"progress":1})", "1"));
}

}  // namespace
}  // namespace toolgate::mcp
