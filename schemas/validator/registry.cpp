#include "schemas/validator/registry.hpp"

#include <fstream>
#include <sstream>

namespace toolgate::schemas {

namespace {

std::string_view without_fragment(std::string_view uri) {
  if (auto hash = uri.find('#'); hash != std::string_view::npos) uri = uri.substr(0, hash);
  return uri;
}

}  // namespace

void SchemaRegistry::add(std::string uri, std::string schema_json) {
  documents_.insert_or_assign(std::string(without_fragment(uri)), std::move(schema_json));
}

void SchemaRegistry::add_directory(std::string uri_prefix, std::filesystem::path directory) {
  directories_.insert_or_assign(std::move(uri_prefix), std::move(directory));
}

std::optional<std::string> SchemaRegistry::find(std::string_view uri) const {
  uri = without_fragment(uri);
  if (auto it = documents_.find(uri); it != documents_.end()) return it->second;
  for (const auto& [prefix, directory] : directories_) {
    if (!uri.starts_with(prefix)) continue;
    std::string_view rest = uri.substr(prefix.size());
    // A URI path must not climb out of the mapped folder.
    if (rest.find("..") != std::string_view::npos || rest.starts_with('/')) continue;
    std::ifstream in(directory / std::filesystem::path(std::string(rest)), std::ios::binary);
    if (!in) continue;
    std::ostringstream text;
    text << in.rdbuf();
    return std::move(text).str();
  }
  return std::nullopt;
}

}  // namespace toolgate::schemas
