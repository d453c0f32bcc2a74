#include "mcp/hub/tool_names.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace toolgate::mcp {
namespace {

bool llm_safe(const std::string& name) {
  static const std::regex pattern("^[A-Za-z0-9_.-]{1,64}$");
  return std::regex_match(name, pattern);
}

TEST(PublicToolNameTest, PrefixSeparatorAndSanitising) {
  ToolNaming naming;
  EXPECT_EQ(public_tool_name("github", "create_issue", naming), "github__create_issue");
  EXPECT_EQ(public_tool_name("", "create_issue", naming), "create_issue");
  EXPECT_EQ(public_tool_name("fs", "read file/äö", naming), "fs__read_file___");
  naming.separator = ".";
  EXPECT_EQ(public_tool_name("fs", "read", naming), "fs.read");
  EXPECT_EQ(public_tool_name("", "", naming), "_");
}

TEST(PublicToolNameTest, LongNamesAreShortenedDeterministicallyAndDistinctly) {
  ToolNaming naming;
  const std::string tool_a = "get_" + std::string(80, 'x') + "_a";
  const std::string tool_b = "get_" + std::string(80, 'x') + "_b";
  const std::string a = public_tool_name("server", tool_a, naming);
  const std::string b = public_tool_name("server", tool_b, naming);
  EXPECT_EQ(a.size(), 64u);
  EXPECT_TRUE(llm_safe(a)) << a;
  EXPECT_NE(a, b);
  EXPECT_EQ(a, public_tool_name("server", tool_a, naming));
  EXPECT_EQ(a.substr(0, 14), "server__get_xx");
}

TEST(ToolNameTableTest, MapsBackAndReportsCollisionsWithBothServers) {
  ToolNameTable table(ToolNaming{});
  auto search = table.add("web", "web", "search");
  ASSERT_TRUE(search);
  EXPECT_EQ(*search, "web__search");
  ASSERT_TRUE(table.add("docs", "", "search"));
  auto again = table.add("web", "web", "search");  // the same tool re-listed is not a collision
  ASSERT_TRUE(again);
  auto clash = table.add("wiki", "", "search");
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error(),
            "tool \"search\" of server \"wiki\" and tool \"search\" of server \"docs\" both become \"search\"; give "
            "one server a prefix or rename through its allow list");
  auto resolved = table.resolve("web__search");
  ASSERT_TRUE(resolved);
  EXPECT_EQ(resolved->server, "web");
  EXPECT_EQ(resolved->tool, "search");
  EXPECT_FALSE(table.resolve("nope"));
  EXPECT_EQ(table.size(), 2u);
}

}  // namespace
}  // namespace toolgate::mcp
