#include <algorithm>
#include <cctype>
#include <set>

#include "config/base_url.hpp"
#include "config/sections.hpp"

namespace toolgate::config {
namespace {

constexpr std::uint64_t kMaxTimeoutMs = 24ull * 60 * 60 * 1000;

void read_upstream(const YAML::Node& entry, const std::string& path, YamlReader& reader,
                   std::set<std::string, std::less<>>& names, UpstreamConfig& out) {
  reader.check_mapping(entry, path,
                       {"name", "base_url", "api_key_env", "dialect", "connect_timeout_ms", "timeout_ms",
                        "first_byte_timeout_ms", "max_retries", "headers"});
  if (reader.require(entry, path, "name")) {
    const auto node = find_key(entry, "name");
    const auto name_path = child_path(path, "name");
    if (auto name = reader.read_string(node, name_path)) {
      if (!is_config_name(*name)) {
        reader.error(node, name_path, "upstream names use letters, digits, '-', '_' and '.', got '" + *name + "'");
      } else if (*name == "builtin") {
        reader.error(node, name_path, "'builtin' is reserved for the built-in engine");
      } else if (!names.insert(*name).second) {
        reader.error(node, name_path, "duplicate upstream name '" + *name + "'");
      }
      out.name = std::move(*name);
    }
  }
  if (reader.require(entry, path, "base_url")) {
    const auto node = find_key(entry, "base_url");
    const auto url_path = child_path(path, "base_url");
    if (const auto text = reader.read_string(node, url_path)) {
      auto checked = check_base_url(*text);
      if (checked.ok()) {
        out.base_url = std::move(checked.url);
      } else {
        reader.error(node, url_path, "base_url " + checked.error);
      }
    }
  }
  if (const auto node = find_key(entry, "api_key_env"); node.IsDefined()) {
    const auto env_path = child_path(path, "api_key_env");
    if (auto env = reader.read_string(node, env_path)) {
      if (is_env_name(*env)) {
        out.api_key_env = std::move(*env);
      } else {
        reader.error(node, env_path,
                     "expected the name of an environment variable (letters, digits, '_'), got '" + *env + "'");
      }
    }
  }
  if (const auto node = find_key(entry, "dialect"); node.IsDefined()) {
    const auto dialect_path = child_path(path, "dialect");
    if (const auto text = reader.read_string(node, dialect_path)) {
      if (*text == "openai") {
        out.dialect = UpstreamDialect::openai;
      } else if (*text == "glm") {
        out.dialect = UpstreamDialect::glm;
      } else if (*text == "vllm") {
        out.dialect = UpstreamDialect::vllm;
      } else {
        reader.error(node, dialect_path, "unknown dialect '" + *text + "' (expected openai, glm or vllm)");
      }
    }
  }
  const auto before = reader.error_count();
  reader.ms_field(entry, path, "connect_timeout_ms", out.connect_timeout, 1, kMaxTimeoutMs);
  reader.ms_field(entry, path, "timeout_ms", out.timeout, 1, kMaxTimeoutMs);
  reader.ms_field(entry, path, "first_byte_timeout_ms", out.first_byte_timeout, 1, kMaxTimeoutMs);
  if (reader.error_count() == before) {
    // The whole-request timeout bounds the others. A default larger than it is clamped; an explicit
    // larger value is an error because it would silently never fire.
    for (const auto* key : {"connect_timeout_ms", "first_byte_timeout_ms"}) {
      auto& part = std::string_view(key) == "connect_timeout_ms" ? out.connect_timeout : out.first_byte_timeout;
      if (part <= out.timeout) continue;
      const auto node = find_key(entry, key);
      if (!node.IsDefined()) {
        part = out.timeout;
        continue;
      }
      reader.error(node, child_path(path, key),
                   "must not exceed timeout_ms (" + std::to_string(out.timeout.count()) + ")");
    }
  }
  reader.uint_field(entry, path, "max_retries", out.max_retries, 0, 10);
  if (const auto node = find_key(entry, "headers"); node.IsDefined()) {
    read_headers(node, child_path(path, "headers"), reader, out.headers);
  }
}

}  // namespace

void read_upstreams(const YAML::Node& node, YamlReader& reader, std::vector<UpstreamConfig>& out) {
  if (node.IsNull()) return;
  if (!node.IsSequence()) {
    reader.error(node, "upstreams", "expected a sequence of upstreams, got " + describe(node));
    return;
  }
  std::set<std::string, std::less<>> names;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const auto entry = node[i];
    const auto path = index_path("upstreams", i);
    if (!entry.IsMap()) {
      reader.error(entry, path, "expected a mapping, got " + describe(entry));
      continue;
    }
    UpstreamConfig upstream;
    read_upstream(entry, path, reader, names, upstream);
    // Kept even when invalid so routes naming it do not add a second, misleading "unknown backend" error.
    out.push_back(std::move(upstream));
  }
}

}  // namespace toolgate::config
