#include <algorithm>
#include <cctype>
#include <set>

#include "config/sections.hpp"

namespace toolgate::config {
namespace {

bool is_sha256_hex(std::string_view text) {
  return text.size() == 64 &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isxdigit(c) != 0; });
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

void read_auth(const YAML::Node& node, YamlReader& reader, AuthConfig& out) {
  const std::string path = "auth";
  if (!reader.check_mapping(node, path, {"keys", "allow_unauthenticated_remote"})) return;
  reader.bool_field(node, path, "allow_unauthenticated_remote", out.allow_unauthenticated_remote);

  const auto keys = find_key(node, "keys");
  if (!keys.IsDefined() || keys.IsNull()) return;
  if (!keys.IsSequence()) {
    reader.error(keys, "auth.keys", "expected a sequence of {name, sha256}, got " + describe(keys));
    return;
  }
  std::set<std::string, std::less<>> names;
  std::set<std::string, std::less<>> digests;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const auto entry = keys[i];
    const auto entry_path = index_path("auth.keys", i);
    if (!entry.IsMap()) {
      reader.error(entry, entry_path, "expected a mapping {name, sha256}, got " + describe(entry));
      continue;
    }
    reader.check_mapping(entry, entry_path, {"name", "sha256"});
    ApiKey key;
    const bool has_name = reader.require(entry, entry_path, "name");
    const bool has_digest = reader.require(entry, entry_path, "sha256");
    if (has_name) {
      const auto name_node = find_key(entry, "name");
      if (auto name = reader.read_string(name_node, child_path(entry_path, "name"))) {
        if (!names.insert(*name).second) {
          reader.error(name_node, child_path(entry_path, "name"), "duplicate key name '" + *name + "'");
        }
        key.name = std::move(*name);
      }
    }
    if (has_digest) {
      const auto digest_node = find_key(entry, "sha256");
      const auto digest_path = child_path(entry_path, "sha256");
      if (auto digest = reader.read_string(digest_node, digest_path)) {
        if (!is_sha256_hex(*digest)) {
          reader.error(digest_node, digest_path,
                       "expected the 64 hex characters of the token's SHA-256 (e.g. from `printf %s TOKEN | "
                       "sha256sum`), got " +
                           std::to_string(digest->size()) + " characters");
        } else if (!digests.insert(lower(*digest)).second) {
          // Two names for one token would make the tenant of a request ambiguous.
          reader.error(digest_node, digest_path, "the same token hash is already used by another key");
        } else {
          key.sha256_hex = lower(std::move(*digest));
        }
      }
    }
    out.keys.push_back(std::move(key));
  }
}

}  // namespace toolgate::config
