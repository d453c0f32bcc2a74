// Where remote `$ref`s resolve: a caller-filled map from URI to schema text, never the network.
// Directory mappings ("http://localhost:1234/" -> remotes/) are read lazily, on first reference.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <boost/system/result.hpp>

namespace toolgate::schemas {

class SchemaRegistry {
 public:
  // Registers one document under an absolute URI (its fragment, if any, is ignored).
  void add(std::string uri, std::string schema_json);

  // Maps every URI that starts with `uri_prefix` to the file under `directory` with the rest of the path.
  void add_directory(std::string uri_prefix, std::filesystem::path directory);

  // The document for an absolute URI without fragment; nullopt when neither map knows it.
  std::optional<std::string> find(std::string_view uri) const;

 private:
  std::map<std::string, std::string, std::less<>> documents_;
  std::map<std::string, std::filesystem::path, std::less<>> directories_;
};

}  // namespace toolgate::schemas
