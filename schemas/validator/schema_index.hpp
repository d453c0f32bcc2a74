// Every schema document a compilation touches, walked once: which JSON locations are subschemas,
// their base URI, dialect and resource, plus the `$id` / `$anchor` / `$dynamicAnchor` tables `$ref` uses.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/system/result.hpp>
#include <simdjson.h>

#include "schemas/validator/dialect.hpp"
#include "schemas/validator/schema.hpp"
#include "schemas/validator/vocabulary.hpp"

namespace toolgate::schemas {

struct SchemaNode {
  simdjson::dom::element element;
  std::uint32_t document = 0;
  std::string pointer;   // within its document
  std::string base_uri;  // absolute, without fragment
  Dialect dialect = Dialect::draft2020_12;
  VocabSet vocabularies = 0;
  std::uint32_t resource = 0;
};

struct SchemaResource {
  std::string uri;
  std::string node_key;
  bool recursive_anchor = false;
  std::unordered_map<std::string, std::string> dynamic_anchors;  // name -> node key
};

class SchemaIndex {
 public:
  SchemaIndex(const CompileOptions& options, std::vector<std::unique_ptr<simdjson::dom::parser>>& documents);

  // Parses and walks the root document; returns its node key.
  boost::system::result<std::string, SchemaError> add_root(std::string_view json, std::string_view base_uri);

  // Resolves a `$ref`-style reference found in `from`; returns the target's node key.
  boost::system::result<std::string, SchemaError> resolve(const SchemaNode& from, std::string_view reference,
                                                          std::string_view location);

  const SchemaNode* find(const std::string& key) const {
    auto it = nodes_.find(key);
    return it == nodes_.end() ? nullptr : &it->second;
  }
  const std::vector<SchemaResource>& resources() const { return resources_; }

  // Where an instruction points: "/pointer" in the root document, "uri#/pointer" elsewhere.
  std::string location(const SchemaNode& node, std::string_view keyword) const;

 private:
  struct Context {
    std::string base_uri;
    Dialect dialect;
    VocabSet vocabularies;
    std::uint32_t resource;
  };

  boost::system::result<std::uint32_t, SchemaError> load_document(std::string_view json, const std::string& uri,
                                                                  Dialect default_dialect);
  boost::system::result<void, SchemaError> walk(std::uint32_t document, simdjson::dom::element element,
                                                const std::string& pointer, Context context, std::size_t depth,
                                                bool document_root);
  boost::system::result<void, SchemaError> read_meta_schema(std::string_view meta_uri, Context& context,
                                                            const std::string& where);
  boost::system::result<std::string, SchemaError> node_at_pointer(std::uint32_t resource, std::string_view fragment,
                                                                  std::string_view location);
  std::uint32_t add_resource(const std::string& uri, const std::string& node_key);
  std::string key(std::uint32_t document, const std::string& pointer) const;
  SchemaError error(std::string location, std::string message) const;

  const CompileOptions& options_;
  std::vector<std::unique_ptr<simdjson::dom::parser>>& documents_;
  std::vector<std::string> document_uris_;
  std::unordered_map<std::string, SchemaNode> nodes_;
  std::vector<SchemaResource> resources_;
  std::unordered_map<std::string, std::uint32_t> resource_by_uri_;
  std::unordered_map<std::string, std::string> anchors_;  // "uri#name" -> node key
};

}  // namespace toolgate::schemas
