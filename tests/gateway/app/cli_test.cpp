#include "gateway/app/cli.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace toolgate::gateway::app {
namespace {

Command parse(std::vector<std::string_view> args) { return parse_command_line(args); }

TEST(Cli, ServeWithConfigAndListen) {
  auto c = parse({"serve", "--config", "a.yaml", "--listen=127.0.0.1:0"});
  ASSERT_TRUE(std::holds_alternative<ServeCommand>(c));
  EXPECT_EQ(std::get<ServeCommand>(c).config_path, "a.yaml");
  EXPECT_EQ(std::get<ServeCommand>(c).listen, "127.0.0.1:0");
}

TEST(Cli, ServeNeedsConfig) {
  auto c = parse({"serve"});
  ASSERT_TRUE(std::holds_alternative<UsageError>(c));
  EXPECT_NE(std::get<UsageError>(c).message.find("--config"), std::string::npos);
}

TEST(Cli, UnknownFlagsAndCommandsAreErrors) {
  EXPECT_TRUE(std::holds_alternative<UsageError>(parse({"serve", "--config", "a", "--verbose"})));
  EXPECT_TRUE(std::holds_alternative<UsageError>(parse({"check-config", "--strict", "a"})));
  EXPECT_TRUE(std::holds_alternative<UsageError>(parse({"version", "--short"})));
  EXPECT_TRUE(std::holds_alternative<UsageError>(parse({"frobnicate"})));
  EXPECT_TRUE(std::holds_alternative<UsageError>(parse({})));
  EXPECT_TRUE(std::holds_alternative<UsageError>(parse({"serve", "--config"})));
}

TEST(Cli, HelpEverywhere) {
  for (auto args : std::vector<std::vector<std::string_view>>{
           {"--help"}, {"serve", "--help"}, {"check-config", "-h"}, {"version", "--help"}}) {
    auto c = parse(args);
    ASSERT_TRUE(std::holds_alternative<HelpCommand>(c)) << args[0];
    EXPECT_NE(std::get<HelpCommand>(c).text.find("Usage"), std::string::npos);
  }
}

TEST(Cli, CheckConfigTakesOneFile) {
  auto c = parse({"check-config", "x.yaml"});
  ASSERT_TRUE(std::holds_alternative<CheckConfigCommand>(c));
  EXPECT_EQ(std::get<CheckConfigCommand>(c).config_path, "x.yaml");
  EXPECT_TRUE(std::holds_alternative<UsageError>(parse({"check-config", "a", "b"})));
}

TEST(Cli, ListenMustBeHostPort) {
  EXPECT_TRUE(std::holds_alternative<UsageError>(parse({"serve", "--config", "a", "--listen", "8080"})));
  EXPECT_TRUE(std::holds_alternative<UsageError>(parse({"serve", "--config", "a", "--listen", "h:70000"})));
  EXPECT_TRUE(std::holds_alternative<ServeCommand>(parse({"serve", "--config", "a", "--listen", "[::1]:8080"})));
}

TEST(Cli, SplitHostPort) {
  EXPECT_EQ(split_host_port("127.0.0.1:8080"), (std::pair<std::string, std::uint16_t>{"127.0.0.1", 8080}));
  EXPECT_EQ(split_host_port("[::1]:0"), (std::pair<std::string, std::uint16_t>{"::1", 0}));
  EXPECT_FALSE(split_host_port("::1:80"));
  EXPECT_FALSE(split_host_port(":80"));
  EXPECT_FALSE(split_host_port("host:"));
  EXPECT_FALSE(split_host_port("host:8x"));
}

}  // namespace
}  // namespace toolgate::gateway::app
