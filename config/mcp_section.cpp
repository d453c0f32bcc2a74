// The `mcp:` section: upstream MCP servers for the hub, tool naming and the exposed MCP endpoints.
#include <set>

#include "config/base_url.hpp"
#include "config/sections.hpp"

namespace toolgate::config {
namespace {

constexpr std::uint64_t kMaxTimeoutMs = 24ull * 60 * 60 * 1000;

void read_string_list(const YAML::Node& node, const std::string& path, YamlReader& reader,
                      std::vector<std::string>& out) {
  if (!node.IsSequence()) {
    reader.error(node, path, "expected a sequence of strings, got " + describe(node));
    return;
  }
  for (std::size_t i = 0; i < node.size(); ++i) {
    if (auto value = reader.read_string(node[i], index_path(path, i))) out.push_back(std::move(*value));
  }
}

void read_env(const YAML::Node& node, const std::string& path, YamlReader& reader,
              std::map<std::string, std::string>& out) {
  if (!node.IsMap()) {
    reader.error(node, path, "expected a mapping of variable name to value, got " + describe(node));
    return;
  }
  for (const auto& entry : node) {
    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : std::string("?");
    const auto key_path = child_path(path, key);
    if (!is_env_name(key)) {
      reader.error(entry.first, key_path, "not a valid environment variable name: '" + key + "'");
      continue;
    }
    if (!entry.second.IsScalar()) {
      reader.error(entry.second, key_path, "expected a string, got " + describe(entry.second));
      continue;
    }
    out[key] = entry.second.Scalar();
  }
}

// A public-name prefix keeps within the characters LLM APIs accept for tool names.
bool is_prefix(std::string_view text) { return is_config_name(text) && text.size() <= 32; }

void read_server(const YAML::Node& entry, const std::string& path, YamlReader& reader,
                 std::set<std::string, std::less<>>& names, McpServerConfig& out) {
  reader.check_mapping(entry, path,
                       {"name", "transport", "command", "env", "cwd", "url", "headers", "bearer_token_env", "prefix",
                        "tools", "connect_timeout_ms", "timeout_ms"});
  if (reader.require(entry, path, "name")) {
    const auto node = find_key(entry, "name");
    const auto name_path = child_path(path, "name");
    if (auto name = reader.read_string(node, name_path)) {
      if (!is_prefix(*name)) {
        reader.error(node, name_path,
                     "MCP server names use up to 32 letters, digits, '-', '_' and '.', got '" + *name + "'");
      } else if (!names.insert(*name).second) {
        reader.error(node, name_path, "duplicate MCP server name '" + *name + "'");
      }
      out.name = std::move(*name);
      out.prefix = out.name;
    }
  }
  if (reader.require(entry, path, "transport")) {
    const auto node = find_key(entry, "transport");
    if (auto text = reader.read_string(node, child_path(path, "transport"))) {
      if (*text == "stdio") {
        out.transport = McpTransport::stdio;
      } else if (*text == "streamable_http") {
        out.transport = McpTransport::streamable_http;
      } else if (*text == "sse") {
        out.transport = McpTransport::sse;
      } else {
        reader.error(node, child_path(path, "transport"),
                     "unknown transport '" + *text + "' (expected stdio, streamable_http or sse)");
      }
    }
  }
  const bool stdio = out.transport == McpTransport::stdio;
  for (const auto* key : {"command", "env", "cwd"}) {
    if (!stdio && find_key(entry, key).IsDefined()) {
      reader.error(find_key(entry, key), child_path(path, key), "only stdio servers take '" + std::string(key) + "'");
    }
  }
  for (const auto* key : {"url", "headers", "bearer_token_env"}) {
    if (stdio && find_key(entry, key).IsDefined()) {
      reader.error(find_key(entry, key), child_path(path, key),
                   "stdio servers take no '" + std::string(key) + "'; it is for streamable_http and sse servers");
    }
  }
  if (stdio && reader.require(entry, path, "command")) {
    const auto node = find_key(entry, "command");
    read_string_list(node, child_path(path, "command"), reader, out.command);
    if (node.IsSequence() && node.size() == 0) {
      reader.error(node, child_path(path, "command"), "needs at least the program to run");
    }
  }
  if (const auto node = find_key(entry, "env"); stdio && node.IsDefined()) read_env(node, child_path(path, "env"), reader, out.env);
  if (stdio) reader.string_field(entry, path, "cwd", out.cwd);
  if (!stdio && reader.require(entry, path, "url")) {
    const auto node = find_key(entry, "url");
    if (auto text = reader.read_string(node, child_path(path, "url"))) {
      auto checked = check_base_url(*text);
      if (checked.ok()) {
        out.url = std::move(*text);
      } else {
        reader.error(node, child_path(path, "url"), "url " + checked.error);
      }
    }
  }
  if (const auto node = find_key(entry, "headers"); !stdio && node.IsDefined()) {
    read_headers(node, child_path(path, "headers"), reader, out.headers);
  }
  if (const auto node = find_key(entry, "bearer_token_env"); !stdio && node.IsDefined()) {
    if (auto env = reader.read_string(node, child_path(path, "bearer_token_env"))) {
      if (is_env_name(*env)) {
        out.bearer_token_env = std::move(*env);
      } else {
        reader.error(node, child_path(path, "bearer_token_env"),
                     "expected the name of an environment variable (letters, digits, '_'), got '" + *env + "'");
      }
    }
  }
  if (const auto node = find_key(entry, "prefix"); node.IsDefined()) {
    const auto prefix_path = child_path(path, "prefix");
    if (node.IsScalar() && (node.Scalar() == "false" || node.Scalar().empty()) && node.Tag() != "!") {
      out.prefix.reset();  // `prefix: false` or `prefix: ""`: tools keep their own names
    } else if (auto text = reader.read_string(node, prefix_path)) {
      if (is_prefix(*text)) {
        out.prefix = std::move(*text);
      } else {
        reader.error(node, prefix_path, "prefixes use up to 32 letters, digits, '-', '_' and '.', got '" + *text + "'");
      }
    }
  }
  if (const auto node = find_key(entry, "tools"); node.IsDefined()) {
    const auto tools_path = child_path(path, "tools");
    if (reader.check_mapping(node, tools_path, {"allow", "deny"})) {
      if (const auto allow = find_key(node, "allow"); allow.IsDefined()) {
        read_string_list(allow, child_path(tools_path, "allow"), reader, out.allow_tools);
      }
      if (const auto deny = find_key(node, "deny"); deny.IsDefined()) {
        read_string_list(deny, child_path(tools_path, "deny"), reader, out.deny_tools);
      }
    }
  }
  reader.ms_field(entry, path, "connect_timeout_ms", out.connect_timeout, 1, kMaxTimeoutMs);
  reader.ms_field(entry, path, "timeout_ms", out.timeout, 1, kMaxTimeoutMs);
}

void read_path(const YAML::Node& map, const std::string& path, std::string_view key, YamlReader& reader,
               std::string& out) {
  const auto node = find_key(map, key);
  if (!node.IsDefined()) return;
  const auto key_path = child_path(path, key);
  if (node.IsScalar() && node.Scalar() == "false") {
    out.clear();  // not served
    return;
  }
  if (auto text = reader.read_string(node, key_path)) {
    if (text->front() != '/' || text->find_first_of("?# \t") != std::string::npos) {
      reader.error(node, key_path, "expected an absolute path such as /mcp (or false to turn it off), got '" + *text + "'");
      return;
    }
    out = std::move(*text);
  }
}

}  // namespace

void read_mcp(const YAML::Node& node, YamlReader& reader, McpConfig& out) {
  if (!reader.check_mapping(node, "mcp", {"servers", "tool_separator", "expose", "session_idle_timeout_ms", "max_sessions"})) {
    return;
  }
  if (const auto servers = find_key(node, "servers"); servers.IsDefined() && !servers.IsNull()) {
    if (!servers.IsSequence()) {
      reader.error(servers, "mcp.servers", "expected a sequence of MCP servers, got " + describe(servers));
    } else {
      std::set<std::string, std::less<>> names;
      for (std::size_t i = 0; i < servers.size(); ++i) {
        const auto path = index_path("mcp.servers", i);
        if (!servers[i].IsMap()) {
          reader.error(servers[i], path, "expected a mapping, got " + describe(servers[i]));
          continue;
        }
        McpServerConfig server;
        read_server(servers[i], path, reader, names, server);
        out.servers.push_back(std::move(server));
      }
    }
  }
  if (const auto separator = find_key(node, "tool_separator"); separator.IsDefined()) {
    if (auto text = reader.read_string(separator, "mcp.tool_separator")) {
      if (text->size() > 4 || !is_config_name(*text)) {
        reader.error(separator, "mcp.tool_separator", "expected 1-4 of letters, digits, '-', '_' and '.', got '" + *text + "'");
      } else {
        out.tool_separator = std::move(*text);
      }
    }
  }
  if (const auto expose = find_key(node, "expose"); expose.IsDefined()) {
    if (reader.check_mapping(expose, "mcp.expose", {"streamable_http", "sse"})) {
      read_path(expose, "mcp.expose", "streamable_http", reader, out.streamable_http_path);
      read_path(expose, "mcp.expose", "sse", reader, out.sse_path);
      if (!out.sse_path.empty() && out.sse_path == out.streamable_http_path) {
        reader.error(expose, "mcp.expose", "streamable_http and sse need different paths");
      }
    }
  }
  reader.ms_field(node, "mcp", "session_idle_timeout_ms", out.session_idle_timeout, 1000, kMaxTimeoutMs);
  reader.uint_field(node, "mcp", "max_sessions", out.max_sessions, 1, 1'000'000);
}

}  // namespace toolgate::config
