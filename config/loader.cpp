#include "config/loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "config/listen_address.hpp"
#include "config/sections.hpp"
#include "config/yaml_reader.hpp"

namespace toolgate::config {
namespace {

ConfigError document_error(const std::string& source, std::string message,
                           const YAML::Mark& mark = YAML::Mark::null_mark()) {
  ConfigError e;
  e.source = source;
  e.line = mark.line >= 0 ? mark.line + 1 : 0;
  e.column = mark.line >= 0 ? mark.column + 1 : 0;
  e.message = std::move(message);
  return e;
}

// An unauthenticated gateway on a reachable address hands the models (and their bills) to the whole network,
// so without keys it binds to loopback only unless the operator opts out explicitly.
void check_remote_exposure(const YAML::Node& root, const Config& config, YamlReader& reader) {
  // Only keys that passed validation count, so a malformed key does not hide this error as well.
  const bool has_keys = std::any_of(config.auth.keys.begin(), config.auth.keys.end(),
                                    [](const ApiKey& key) { return !key.sha256_hex.empty(); });
  if (has_keys || config.auth.allow_unauthenticated_remote) return;
  if (is_loopback_host(config.server.host)) return;
  const auto listen = find_key(find_key(root, "server"), "listen");
  reader.error(listen.IsDefined() ? listen : root, "server.listen",
               "'" + config.server.host +
                   "' is not a loopback address and no auth.keys are configured; an unauthenticated gateway binds to "
                   "loopback only (127.0.0.0/8, ::1, localhost) unless auth.allow_unauthenticated_remote: true");
}

Config read_document(const YAML::Node& root, YamlReader& reader) {
  Config config;
  reader.check_mapping(root, "", {"server", "auth", "logging", "models", "upstreams", "builtin", "mcp"});
  // Order matters: routes are checked against the upstreams and builtin sections, so those are read first.
  if (const auto node = find_key(root, "server"); node.IsDefined()) read_server(node, reader, config.server);
  if (const auto node = find_key(root, "auth"); node.IsDefined()) read_auth(node, reader, config.auth);
  if (const auto node = find_key(root, "logging"); node.IsDefined()) read_logging(node, reader, config.logging);
  if (const auto node = find_key(root, "builtin"); node.IsDefined()) read_builtin(node, reader, config.builtin);
  if (const auto node = find_key(root, "upstreams"); node.IsDefined()) read_upstreams(node, reader, config.upstreams);
  if (const auto node = find_key(root, "models"); node.IsDefined()) {
    read_models(node, reader, RouteTargets{config.upstreams, config.builtin.enabled}, config.models);
  }
  if (const auto node = find_key(root, "mcp"); node.IsDefined()) read_mcp(node, reader, config.mcp);
  check_remote_exposure(root, config, reader);
  return config;
}

}  // namespace

LoadResult load_config_string(std::string_view yaml, std::string source_name) {
  LoadResult result;
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(yaml));
  } catch (const YAML::Exception& e) {
    result.errors.push_back(document_error(source_name, "invalid YAML: " + e.msg, e.mark));
    return result;
  }
  if (documents.empty() || (documents.size() == 1 && documents.front().IsNull())) {
    result.errors.push_back(document_error(source_name,
                                           "the config is empty; expected a mapping with sections such "
                                           "as server, models and upstreams"));
    return result;
  }
  if (documents.size() > 1) {
    result.errors.push_back(document_error(
        source_name,
        "the file holds " + std::to_string(documents.size()) + " YAML documents; toolgate reads exactly one",
        documents[1].Mark()));
    return result;
  }
  const auto& root = documents.front();
  if (!root.IsMap()) {
    result.errors.push_back(
        document_error(source_name, "the top level must be a mapping of sections, got " + describe(root), root.Mark()));
    return result;
  }
  YamlReader reader(source_name);
  Config config;
  try {
    config = read_document(root, reader);
  } catch (const YAML::Exception& e) {
    // yaml-cpp throws on malformed node access; report it like any other problem instead of escaping the loader.
    reader.error(e.mark, "", e.msg);
  }
  result.errors = reader.take_errors();
  if (result.errors.empty()) {
    config.source_path = std::move(source_name);
    result.config = std::move(config);
  }
  return result;
}

LoadResult load_config_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    LoadResult result;
    result.errors.push_back(document_error(path, "cannot open the config file: " + std::string(std::strerror(errno))));
    return result;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    LoadResult result;
    result.errors.push_back(document_error(path, "cannot read the config file: " + std::string(std::strerror(errno))));
    return result;
  }
  return load_config_string(text.str(), path);
}

}  // namespace toolgate::config
