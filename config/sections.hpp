// Readers for each top-level section of the config file; the loader calls them in dependency order.
// Each reads one YAML node into its typed struct, reporting problems to the YamlReader and keeping defaults instead.
#pragma once

#include <yaml-cpp/yaml.h>

#include <vector>

#include "config/config.hpp"
#include "config/yaml_reader.hpp"

namespace toolgate::config {

// What model routes may point at; read before models so dangling references are caught at the route itself.
struct RouteTargets {
  const std::vector<UpstreamConfig>& upstreams;
  bool builtin_enabled = false;
};

void read_server(const YAML::Node& node, YamlReader& reader, ServerConfig& out);
void read_logging(const YAML::Node& node, YamlReader& reader, LoggingConfig& out);
void read_auth(const YAML::Node& node, YamlReader& reader, AuthConfig& out);
void read_builtin(const YAML::Node& node, YamlReader& reader, BuiltinConfig& out);
void read_upstreams(const YAML::Node& node, YamlReader& reader, std::vector<UpstreamConfig>& out);
void read_mcp(const YAML::Node& node, YamlReader& reader, McpConfig& out);
void read_models(const YAML::Node& node, YamlReader& reader, const RouteTargets& targets,
                 std::vector<ModelConfig>& out);

// Shared by the sections that name things, read environment-variable names or extra HTTP headers.
bool is_config_name(std::string_view text);  // letters, digits, '-', '_', '.'
bool is_env_name(std::string_view text);
void read_headers(const YAML::Node& node, const std::string& path, YamlReader& reader,
                  std::map<std::string, std::string>& out);

}  // namespace toolgate::config
