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

TEST(Cli, StdioNeedsItsConfig) {
  auto c = parse({"stdio", "--config=a.yaml"});
  ASSERT_TRUE(std::holds_alternative<StdioCommand>(c));
  EXPECT_EQ(std::get<StdioCommand>(c).config_path, "a.yaml");
  EXPECT_TRUE(std::holds_alternative<UsageError>(parse({"stdio"})));
  EXPECT_TRUE(std::holds_alternative<UsageError>(parse({"stdio", "--config", "a", "--listen", "x"})));
}

TEST(Cli, McpClientTargetsUrlsAndCommands) {
  auto call = parse({"mcp", "call", "fs__read", "--args", R"({"path":"/a"})", "--header", "X-Team: a",
                     "--timeout-ms", "500", "http://127.0.0.1:8080/mcp"});
  ASSERT_TRUE(std::holds_alternative<McpClientCommand>(call));
  const auto& c = std::get<McpClientCommand>(call);
  EXPECT_EQ(c.action, McpAction::call);
  EXPECT_EQ(c.name, "fs__read");
  EXPECT_EQ(c.arguments_json, R"({"path":"/a"})");
  EXPECT_EQ(c.kind, McpTargetKind::streamable_http);
  EXPECT_EQ(c.url, "http://127.0.0.1:8080/mcp");
  ASSERT_EQ(c.headers.size(), 1u);
  EXPECT_EQ(c.headers[0], (std::pair<std::string, std::string>{"X-Team", "a"}));
  EXPECT_EQ(c.timeout.count(), 500);

  auto list = parse({"mcp", "list", "prompts", "--sse", "http://h/sse"});
  ASSERT_TRUE(std::holds_alternative<McpClientCommand>(list));
  EXPECT_EQ(std::get<McpClientCommand>(list).what, "prompts");
  EXPECT_EQ(std::get<McpClientCommand>(list).kind, McpTargetKind::sse);

  auto stdio = parse({"mcp", "ping", "--", "node", "server.js", "--flag"});
  ASSERT_TRUE(std::holds_alternative<McpClientCommand>(stdio));
  EXPECT_EQ(std::get<McpClientCommand>(stdio).kind, McpTargetKind::stdio);
  EXPECT_EQ(std::get<McpClientCommand>(stdio).command, (std::vector<std::string>{"node", "server.js", "--flag"}));
}

TEST(Cli, McpClientMistakesAreUsageErrors) {
  for (std::vector<std::string_view> args : std::vector<std::vector<std::string_view>>{
           {"mcp"},
           {"mcp", "fetch", "http://h/mcp"},
           {"mcp", "ping"},
           {"mcp", "ping", "ftp://h/mcp"},
           {"mcp", "call", "http://h/mcp"},
           {"mcp", "list", "gadgets", "http://h/mcp"},
           {"mcp", "ping", "--timeout-ms", "0", "http://h/mcp"},
           {"mcp", "ping", "--sse", "--", "node"},
           {"mcp", "ping", "--"},
           {"mcp", "ping", "--header", "nocolon", "http://h/mcp"}}) {
    EXPECT_TRUE(std::holds_alternative<UsageError>(parse(args))) << args.size();
  }
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
           {"--help"}, {"serve", "--help"}, {"check-config", "-h"}, {"version", "--help"}, {"validate", "-h"}}) {
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

TEST(Cli, ValidateWithEveryOption) {
  auto c = parse({"validate", "--schema", "s.json", "--dialect=draft7", "--formats", "--ref",
                  "http://localhost:1234/=remotes", "--ref=urn:x:=a=b", "one.json", "--", "--two.json"});
  ASSERT_TRUE(std::holds_alternative<ValidateCommand>(c));
  const auto& v = std::get<ValidateCommand>(c);
  EXPECT_EQ(v.schema_path, "s.json");
  EXPECT_EQ(v.dialect, schemas::Dialect::draft7);
  EXPECT_TRUE(v.assert_formats);
  ASSERT_EQ(v.refs.size(), 2u);
  EXPECT_EQ(v.refs[0].uri_prefix, "http://localhost:1234/");
  EXPECT_EQ(v.refs[0].directory, "remotes");
  EXPECT_EQ(v.refs[1].uri_prefix, "urn:x:");
  EXPECT_EQ(v.refs[1].directory, "a=b");
  EXPECT_EQ(v.instance_paths, (std::vector<std::string>{"one.json", "--two.json"}));
}

TEST(Cli, ValidateDefaultsReadStdinWithDefaultDialect) {
  auto c = parse({"validate", "--schema=s.json"});
  ASSERT_TRUE(std::holds_alternative<ValidateCommand>(c));
  const auto& v = std::get<ValidateCommand>(c);
  EXPECT_FALSE(v.dialect);
  EXPECT_FALSE(v.assert_formats);
  EXPECT_TRUE(v.refs.empty());
  EXPECT_TRUE(v.instance_paths.empty());
}

TEST(Cli, ValidateDialectNames) {
  for (auto [name, dialect] : std::vector<std::pair<std::string_view, schemas::Dialect>>{
           {"2020-12", schemas::Dialect::draft2020_12},
           {"2019-09", schemas::Dialect::draft2019_09},
           {"draft7", schemas::Dialect::draft7},
           {"draft6", schemas::Dialect::draft6},
           {"draft4", schemas::Dialect::draft4}}) {
    auto c = parse({"validate", "--schema", "s", "--dialect", name});
    ASSERT_TRUE(std::holds_alternative<ValidateCommand>(c)) << name;
    EXPECT_EQ(std::get<ValidateCommand>(c).dialect, dialect) << name;
  }
}

TEST(Cli, ValidateUsageErrors) {
  for (auto args : std::vector<std::vector<std::string_view>>{{"validate"},
                                                              {"validate", "a.json"},
                                                              {"validate", "--schema"},
                                                              {"validate", "--schema", "s", "--dialect", "draft3"},
                                                              {"validate", "--schema", "s", "--ref", "no-equals"},
                                                              {"validate", "--schema", "s", "--ref", "=dir"},
                                                              {"validate", "--schema", "s", "--ref", "urn:x="},
                                                              {"validate", "--schema", "s", "--formats=yes"},
                                                              {"validate", "--schema", "s", "--verbose"}}) {
    EXPECT_TRUE(std::holds_alternative<UsageError>(parse(args))) << args.back();
  }
  auto c = parse({"validate", "--schema", "s", "--dialect", "draft3"});
  EXPECT_NE(std::get<UsageError>(c).message.find("draft3"), std::string::npos);
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
