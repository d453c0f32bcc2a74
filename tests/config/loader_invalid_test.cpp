// Invalid configs: each is refused with an error naming its YAML path and line, and all errors come back together.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "config/loader.hpp"

namespace toolgate::config {
namespace {

struct InvalidCase {
  const char* name;
  std::string yaml;
  const char* path;     // expected ConfigError::path
  int line;             // expected 1-based line (0 = no position)
  const char* message;  // substring expected in the message
};

constexpr const char* kUpstream = "upstreams: [{ name: zai, base_url: \"https://api.z.ai/v4\" }]\n";

std::string with_upstream(const char* rest) { return std::string(kUpstream) + rest; }

const InvalidCase kCases[] = {
    {"unknown_key", "server:\n  lisen: \"127.0.0.1:8080\"\n", "server.lisen", 2, "unknown key 'lisen'"},
    {"unknown_section", "server: {}\nmcps: {}\n", "mcps", 2, "unknown key 'mcps'"},
    {"mcp_unknown_transport", "mcp:\n  servers:\n    - { name: a, transport: pipe }\n", "mcp.servers[0].transport", 3,
     "unknown transport 'pipe'"},
    {"mcp_stdio_without_command", "mcp:\n  servers:\n    - { name: a, transport: stdio }\n", "mcp.servers[0].command", 3,
     "command"},
    {"mcp_http_with_command", "mcp:\n  servers:\n    - { name: a, transport: sse, url: \"http://h/sse\", command: [x] }\n",
     "mcp.servers[0].command", 3, "only stdio servers"},
    {"mcp_duplicate_name",
     "mcp:\n  servers:\n    - { name: a, transport: stdio, command: [x] }\n    - { name: a, transport: stdio, command: [y] }\n",
     "mcp.servers[1].name", 4, "duplicate MCP server name"},
    {"mcp_secret_header", "mcp:\n  servers:\n    - { name: a, transport: streamable_http, url: \"http://h/mcp\", headers: { Authorization: x } }\n",
     "mcp.servers[0].headers.Authorization", 3, "secrets are not accepted"},
    {"mcp_bad_prefix", "mcp:\n  servers:\n    - { name: a, transport: stdio, command: [x], prefix: \"a b\" }\n",
     "mcp.servers[0].prefix", 3, "prefixes use"},
    {"mcp_relative_path", "mcp:\n  expose: { streamable_http: mcp }\n", "mcp.expose.streamable_http", 2, "absolute path"},
    {"string_for_int", "server:\n  threads: many\n", "server.threads", 2, "expected an integer"},
    {"quoted_int", "server:\n  max_body_bytes: \"1024\"\n", "server.max_body_bytes", 2, "expected an integer"},
    {"negative_int", "server:\n  read_timeout_ms: -5\n", "server.read_timeout_ms", 2, "must not be negative"},
    {"fractional_int", "server:\n  threads: 1.5\n", "server.threads", 2, "whole number"},
    {"bool_for_int", "server:\n  threads: true\n", "server.threads", 2, "boolean"},
    {"threads_too_many", "server:\n  threads: 4096\n", "server.threads", 2, "out of range"},
    {"zero_body_limit", "server:\n  max_body_bytes: 0\n", "server.max_body_bytes", 2, "out of range"},
    {"zero_timeout", "server:\n  idle_timeout_ms: 1\n  write_timeout_ms: 0\n", "server.write_timeout_ms", 3,
     "out of range"},
    {"port_too_large", "server:\n  listen: \"127.0.0.1:70000\"\n", "server.listen", 2, "not a port number"},
    {"unbracketed_ipv6", "server:\n  listen: \"::1:8080\"\n", "server.listen", 2, "brackets"},
    {"listen_without_port", "server:\n  listen: localhost\n", "server.listen", 2, "host:port"},
    {"duplicate_mapping_key", "server:\n  threads: 1\n  threads: 2\n", "server.threads", 3, "duplicate key"},
    {"bool_spelled_yes", "auth:\n  allow_unauthenticated_remote: yes\n", "auth.allow_unauthenticated_remote", 2,
     "expected true or false"},
    {"unknown_log_level", "logging:\n  level: verbose\n", "logging.level", 2, "unknown level"},
    {"sha256_too_short", "auth:\n  keys:\n    - { name: a, sha256: \"abc123\" }\n", "auth.keys[0].sha256", 3, "64 hex"},
    {"sha256_not_hex",
     "auth:\n  keys:\n    - name: a\n      sha256: "
     "\"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\"\n",
     "auth.keys[0].sha256", 4, "64 hex"},
    {"duplicate_key_names",
     "auth:\n  keys:\n"
     "    - { name: a, sha256: \"0000000000000000000000000000000000000000000000000000000000000000\" }\n"
     "    - { name: a, sha256: \"1111111111111111111111111111111111111111111111111111111111111111\" }\n",
     "auth.keys[1].name", 4, "duplicate key name 'a'"},
    {"inline_token_in_auth", "auth:\n  keys:\n    - { name: a, token: hunter2 }\n", "auth.keys[0].token", 3,
     "api_key_env"},
    {"inline_api_key_in_upstream",
     "upstreams:\n  - name: zai\n    base_url: \"https://x.example\"\n    api_key: sk-123\n", "upstreams[0].api_key", 4,
     "api_key_env"},
    {"inline_authorization_header",
     "upstreams:\n  - name: zai\n    base_url: \"https://x.example\"\n    headers:\n      Authorization: Bearer x\n",
     "upstreams[0].headers.Authorization", 5, "api_key_env"},
    {"base_url_not_http", "upstreams:\n  - name: zai\n    base_url: \"ftp://x.example\"\n", "upstreams[0].base_url", 3,
     "http:// or https://"},
    {"base_url_userinfo", "upstreams:\n  - name: zai\n    base_url: \"https://me:pw@x.example/v1\"\n",
     "upstreams[0].base_url", 3, "credentials"},
    {"base_url_query", "upstreams:\n  - name: zai\n    base_url: \"https://x.example/v1?key=1\"\n",
     "upstreams[0].base_url", 3, "query"},
    {"base_url_missing", "upstreams:\n  - name: zai\n    dialect: glm\n", "upstreams[0].base_url", 2,
     "missing required key"},
    {"unknown_dialect", "upstreams:\n  - name: zai\n    base_url: \"https://x.example\"\n    dialect: anthropic\n",
     "upstreams[0].dialect", 4, "unknown dialect"},
    {"duplicate_upstream",
     "upstreams:\n  - { name: zai, base_url: \"https://a.example\" }\n  - { name: zai, base_url: \"https://b.example\" "
     "}\n",
     "upstreams[1].name", 3, "duplicate upstream name"},
    {"upstream_named_builtin", "upstreams:\n  - { name: builtin, base_url: \"https://a.example\" }\n",
     "upstreams[0].name", 2, "reserved"},
    {"connect_exceeds_timeout",
     "upstreams:\n  - name: zai\n    base_url: \"https://a.example\"\n    timeout_ms: 1000\n"
     "    connect_timeout_ms: 2000\n",
     "upstreams[0].connect_timeout_ms", 5, "must not exceed timeout_ms"},
    {"unknown_device", "builtin:\n  device: tpu\n", "builtin.device", 2, "unknown device"},
    {"enabled_without_model_path", "builtin:\n  enabled: true\n", "builtin.model_path", 2, "no model_path"},
    {"dangling_backend", "models:\n  - name: glm\n    routes:\n      high: zai\n", "models[0].routes.high", 4,
     "unknown backend 'zai'"},
    {"dangling_backend_long_form", "models:\n  - name: glm\n    routes:\n      max: { backend: vllm }\n",
     "models[0].routes.max.backend", 4, "unknown backend 'vllm'"},
    {"route_to_disabled_builtin", "models:\n  - name: glm\n    routes:\n      off: builtin\n", "models[0].routes.off",
     4, "built-in engine, which is disabled"},
    {"unknown_route_level", with_upstream("models:\n  - name: glm\n    routes:\n      medium: zai\n"),
     "models[0].routes.medium", 5, "unknown effort level"},
    {"off_and_none_both", with_upstream("models:\n  - name: glm\n    routes:\n      off: zai\n      none: zai\n"),
     "models[0].routes.none", 6, "routed twice"},
    {"empty_routes", "models:\n  - name: glm\n    routes: {}\n", "models[0].routes", 3, "at least one"},
    {"missing_routes", "models:\n  - name: glm\n", "models[0].routes", 2, "missing required key"},
    {"unknown_budget_level",
     with_upstream("models:\n  - name: glm\n    routes: { high: zai }\n    thinking_budget:\n      low: 100\n"),
     "models[0].thinking_budget.low", 6, "unknown effort level"},
    {"default_effort_not_routed",
     with_upstream("models:\n  - name: glm\n    routes: { high: zai }\n    default_effort: max\n"),
     "models[0].default_effort", 5, "no entry in routes"},
    {"duplicate_model",
     with_upstream("models:\n  - { name: glm, routes: { high: zai } }\n  - { name: glm, routes: { high: zai } }\n"),
     "models[1].name", 4, "duplicate model name"},
    {"non_numeric_price",
     with_upstream("models:\n  - name: glm\n    routes: { high: zai }\n    price: { input: cheap }\n"),
     "models[0].price.input", 5, "expected a number"},
    {"negative_price",
     with_upstream("models:\n  - name: glm\n    routes: { high: zai }\n    price:\n      output: -1\n"),
     "models[0].price.output", 6, "must not be negative"},
    {"bool_price", with_upstream("models:\n  - name: glm\n    routes: { high: zai }\n    price:\n      output: true\n"),
     "models[0].price.output", 6, "expected a number"},
    {"models_not_a_list", "models:\n  glm: {}\n", "models", 2, "expected a sequence"},
    {"unauthenticated_remote", "server:\n  threads: 2\n  listen: \"0.0.0.0:8080\"\n", "server.listen", 3,
     "allow_unauthenticated_remote"},
    {"unauthenticated_remote_ipv6", "server: { listen: \"[2001:db8::1]:8080\" }\n", "server.listen", 1,
     "loopback only"},
    {"empty_file", "", "", 0, "empty"},
    {"comments_only", "# nothing here\n", "", 0, "empty"},
    {"root_not_mapping", "- server\n- models\n", "", 1, "top level must be a mapping"},
    {"invalid_yaml", "server:\n  listen: [1, 2\n", "", 3, "invalid YAML"},
};

class InvalidConfig : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidConfig, ReportsPathAndLine) {
  const InvalidCase& c = GetParam();
  const auto result = load_config_string(c.yaml, "bad.yaml");
  EXPECT_FALSE(result.config.has_value());
  ASSERT_FALSE(result.errors.empty());
  std::string seen;
  bool found = false;
  for (const auto& e : result.errors) {
    seen += e.to_string() + "\n";
    if (e.path == c.path && e.line == c.line && e.message.find(c.message) != std::string::npos) found = true;
  }
  EXPECT_TRUE(found) << "wanted path '" << c.path << "' line " << c.line << " message containing '" << c.message
                     << "'\ngot:\n"
                     << seen;
  EXPECT_EQ(result.errors.front().source, "bad.yaml");
}

INSTANTIATE_TEST_SUITE_P(ConfigLoader, InvalidConfig, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<InvalidCase>& info) { return info.param.name; });

TEST(ConfigLoader, ReportsAllErrorsTogether) {
  const auto result = load_config_string(R"(server:
  lisen: "127.0.0.1:8080"
  threads: -1
auth:
  keys:
    - { name: a, sha256: "xyz" }
upstreams:
  - { name: zai, base_url: "https://x.example", dialect: claude }
models:
  - name: glm
    routes: { high: nowhere }
builtin: { device: gpu }
)",
                                         "multi.yaml");
  EXPECT_FALSE(result.config.has_value());
  std::vector<std::pair<std::string, int>> got;
  for (const auto& e : result.errors) got.emplace_back(e.path, e.line);
  const std::vector<std::pair<std::string, int>> want{
      {"server.lisen", 2},    {"server.threads", 3},       {"auth.keys[0].sha256", 6},
      {"builtin.device", 12}, {"upstreams[0].dialect", 8}, {"models[0].routes.high", 11},
  };
  EXPECT_EQ(got, want);
}

// One mistake gets one error: a bad route target must not also fail default_effort, and a malformed key must not
// make the gateway look authenticated and so hide the exposure error.
TEST(ConfigLoader, MistakesDoNotCascade) {
  const auto result = load_config_string(R"(server: { listen: "0.0.0.0:8080" }
auth: { keys: [{ name: a, sha256: "short" }] }
models:
  - name: glm
    routes: { max: nowhere }
    default_effort: max
    thinking_budget: { max: 100 }
)");
  std::vector<std::string> paths;
  for (const auto& e : result.errors) paths.push_back(e.path);
  const std::vector<std::string> want{"auth.keys[0].sha256", "models[0].routes.max", "server.listen"};
  EXPECT_EQ(paths, want);
}

TEST(ConfigLoader, ErrorColumnPointsAtTheValue) {
  const auto result = load_config_string("server:\n  threads: lots\n", "c.yaml");
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].line, 2);
  EXPECT_EQ(result.errors[0].column, 12);
  EXPECT_EQ(result.errors[0].to_string().rfind("c.yaml:2:12: server.threads: expected an integer", 0), 0u)
      << result.errors[0].to_string();
}

}  // namespace
}  // namespace toolgate::config
