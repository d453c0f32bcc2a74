#include "schemas/validator/schema_index.hpp"

#include "schemas/json/json_pointer.hpp"
#include "schemas/meta/metaschemas.hpp"
#include "schemas/validator/registry.hpp"
#include "schemas/validator/uri.hpp"

namespace toolgate::schemas {

namespace {

using simdjson::dom::element_type;

std::optional<std::string_view> string_member(simdjson::dom::object object, std::string_view name) {
  std::string_view value;
  if (object.at_key(name).get(value) == simdjson::SUCCESS) return value;
  return std::nullopt;
}

bool at_least(Dialect d, Dialect min) { return static_cast<int>(d) >= static_cast<int>(min); }

}  // namespace

SchemaIndex::SchemaIndex(const CompileOptions& options, std::vector<std::unique_ptr<simdjson::dom::parser>>& documents)
    : options_(options), documents_(documents) {}

std::string SchemaIndex::key(std::uint32_t document, const std::string& pointer) const {
  return std::to_string(document) + "#" + pointer;
}

SchemaError SchemaIndex::error(std::string location, std::string message) const {
  return SchemaError{std::move(location), std::move(message)};
}

std::string SchemaIndex::location(const SchemaNode& node, std::string_view keyword) const {
  std::string out = node.document == 0 ? std::string() : document_uris_[node.document] + "#";
  out += node.pointer;
  if (!keyword.empty()) append_pointer_token(out, keyword);
  return out;
}

std::uint32_t SchemaIndex::add_resource(const std::string& uri, const std::string& node_key) {
  auto id = static_cast<std::uint32_t>(resources_.size());
  resources_.push_back(SchemaResource{uri, node_key, false, {}});
  resource_by_uri_.try_emplace(uri, id);
  return id;
}

boost::system::result<std::string, SchemaError> SchemaIndex::add_root(std::string_view json,
                                                                      std::string_view base_uri) {
  auto doc = load_document(json, std::string(base_uri), options_.default_dialect);
  if (!doc) return doc.error();
  return {boost::system::in_place_value, key(*doc, "")};
}

boost::system::result<std::uint32_t, SchemaError> SchemaIndex::load_document(std::string_view json,
                                                                             const std::string& uri,
                                                                             Dialect default_dialect) {
  const bool is_root = documents_.empty();
  const std::string where = is_root ? std::string() : uri + "#";
  if (documents_.size() >= options_.limits.max_documents) {
    return error(where, "more than " + std::to_string(options_.limits.max_documents) + " referenced documents");
  }
  if (json.size() > options_.limits.max_schema_bytes) {
    return error(where, "schema is " + std::to_string(json.size()) + " bytes; the limit is " +
                            std::to_string(options_.limits.max_schema_bytes));
  }
  auto parser = std::make_unique<simdjson::dom::parser>();
  simdjson::dom::element root;
  if (auto ec = parser->parse(json.data(), json.size()).get(root); ec != simdjson::SUCCESS) {
    return error(where, std::string("schema is not valid JSON: ") + simdjson::error_message(ec));
  }
  if (root.type() != element_type::OBJECT && root.type() != element_type::BOOL) {
    return error(where, "a schema must be an object or a boolean");
  }
  auto id = static_cast<std::uint32_t>(documents_.size());
  documents_.push_back(std::move(parser));
  document_uris_.push_back(uri);
  Context context{uri, default_dialect, default_vocabularies(default_dialect), 0};
  context.resource = add_resource(uri, key(id, ""));
  if (auto r = walk(id, root, "", context, 0, true); !r) return r.error();
  return id;
}

boost::system::result<void, SchemaError> SchemaIndex::read_meta_schema(std::string_view meta_uri, Context& context,
                                                                       const std::string& where) {
  if (auto d = dialect_from_uri(meta_uri)) {
    context.dialect = *d;
    context.vocabularies = default_vocabularies(*d);
    return {};
  }
  // A custom meta-schema: its own `$schema` names the dialect, its `$vocabulary` what is on.
  std::optional<std::string> text;
  if (options_.registry) text = options_.registry->find(meta_uri);
  if (!text) {
    if (auto builtin = builtin_metaschema(meta_uri)) text = std::string(*builtin);
  }
  if (!text) return {};  // Unknown meta-schemas keep the surrounding dialect, as most validators do.
  simdjson::dom::parser parser;
  simdjson::dom::object meta;
  if (parser.parse(*text).get(meta) != simdjson::SUCCESS) {
    return error(where, "meta-schema \"" + std::string(meta_uri) + "\" is not a JSON object");
  }
  if (auto schema = string_member(meta, "$schema")) {
    if (auto d = dialect_from_uri(*schema)) context.dialect = *d;
  }
  context.vocabularies = default_vocabularies(context.dialect);
  simdjson::dom::object vocabulary;
  if (meta.at_key("$vocabulary").get(vocabulary) == simdjson::SUCCESS) {
    VocabSet set = kVocabCore;
    for (auto field : vocabulary) {
      bool required = false;
      if (field.value.get(required) != simdjson::SUCCESS) required = {};
      if (auto bit = vocabulary_from_uri(field.key)) {
        set |= *bit;
      } else if (required) {
        return error(where, "meta-schema requires the unsupported vocabulary \"" + std::string(field.key) + "\"");
      }
    }
    context.vocabularies = set;
  }
  return {};
}

boost::system::result<void, SchemaError> SchemaIndex::walk(std::uint32_t document, simdjson::dom::element element,
                                                           const std::string& pointer, Context context,
                                                           std::size_t depth, bool document_root) {
  const std::string node_key = key(document, pointer);
  if (nodes_.contains(node_key)) return {};
  const std::string where = (document == 0 ? std::string() : document_uris_[document] + "#") + pointer;
  if (depth > options_.limits.max_schema_depth) {
    return error(where, "schema nesting is deeper than " + std::to_string(options_.limits.max_schema_depth));
  }
  if (nodes_.size() >= options_.limits.max_schema_nodes) {
    return error(where, "schema has more than " + std::to_string(options_.limits.max_schema_nodes) + " subschemas");
  }
  simdjson::dom::object object;
  const bool is_object = element.get(object) == simdjson::SUCCESS;
  if (is_object) {
    auto meta_schema = string_member(object, "$schema");
    const bool has_ref = object["$ref"].error() == simdjson::SUCCESS;
    auto id = string_member(object, context.dialect == Dialect::draft4 ? "id" : "$id");
    if (meta_schema && (document_root || (id && at_least(context.dialect, Dialect::draft2019_09)))) {
      if (auto r = read_meta_schema(*meta_schema, context, where); !r) return r.error();
      id = string_member(object, context.dialect == Dialect::draft4 ? "id" : "$id");
    }
    if (id && !(has_ref && ref_overrides_siblings(context.dialect))) {
      auto resolved = resolve_uri(context.base_uri, *id);
      if (!resolved) return error(where + "/$id", resolved.error());
      auto [resource, fragment] = split_fragment(*resolved);
      if (!fragment.empty() && at_least(context.dialect, Dialect::draft2019_09)) {
        return error(where + "/$id", "\"$id\" must not contain a fragment; use \"$anchor\"");
      }
      std::string resource_uri(resource);
      if (resource_uri != context.base_uri || document_root) {
        context.base_uri = resource_uri;
        if (document_root) {
          resource_by_uri_.try_emplace(resource_uri, context.resource);
          resources_[context.resource].uri = resource_uri;
        } else {
          context.resource = add_resource(resource_uri, node_key);
        }
      }
      if (!fragment.empty()) anchors_.try_emplace(resource_uri + "#" + std::string(fragment), node_key);
    }
    if (at_least(context.dialect, Dialect::draft2019_09)) {
      if (auto anchor = string_member(object, "$anchor")) {
        anchors_.try_emplace(context.base_uri + "#" + std::string(*anchor), node_key);
      }
    }
    if (context.dialect == Dialect::draft2020_12) {
      if (auto anchor = string_member(object, "$dynamicAnchor")) {
        anchors_.try_emplace(context.base_uri + "#" + std::string(*anchor), node_key);
        resources_[context.resource].dynamic_anchors.try_emplace(std::string(*anchor), node_key);
      }
    }
    if (context.dialect == Dialect::draft2019_09) {
      bool recursive = false;
      if (object.at_key("$recursiveAnchor").get(recursive) == simdjson::SUCCESS && recursive &&
          resources_[context.resource].node_key == node_key) {
        resources_[context.resource].recursive_anchor = true;
      }
    }
  }
  nodes_.emplace(node_key, SchemaNode{element, document, pointer, context.base_uri, context.dialect,
                                      context.vocabularies, context.resource});
  if (!is_object) return {};
  boost::system::result<void, SchemaError> status;
  for_each_subschema(object, context.dialect, [&](simdjson::dom::element child, const std::string& relative) {
    if (!status) return;
    status = walk(document, child, pointer + relative, context, depth + 1, false);
  });
  return status;
}

boost::system::result<std::string, SchemaError> SchemaIndex::node_at_pointer(std::uint32_t resource,
                                                                             std::string_view fragment,
                                                                             std::string_view location) {
  auto tokens = parse_fragment_pointer(fragment);
  if (!tokens) return error(std::string(location), "bad JSON Pointer in reference: " + tokens.error());
  auto root_it = nodes_.find(resources_[resource].node_key);
  if (root_it == nodes_.end()) return error(std::string(location), "reference into a schema that is still being read");
  const SchemaNode& root = root_it->second;
  std::string pointer = root.pointer + to_json_pointer(*tokens);
  std::string target = key(root.document, pointer);
  if (nodes_.contains(target)) return {boost::system::in_place_value, target};
  // A location no keyword marks as a subschema (e.g. inside an unknown keyword): index it now,
  // inheriting base URI and dialect from its closest indexed ancestor.
  auto found = resolve_json_pointer(root.element, *tokens);
  if (!found || (found->type() != element_type::OBJECT && found->type() != element_type::BOOL)) {
    return error(std::string(location), "reference target \"#" + std::string(fragment) + "\" is not a schema");
  }
  std::vector<std::string> prefix = *tokens;
  const SchemaNode* ancestor = &root;
  while (!prefix.empty()) {
    prefix.pop_back();
    auto it = nodes_.find(key(root.document, root.pointer + to_json_pointer(prefix)));
    if (it != nodes_.end()) {
      ancestor = &it->second;
      break;
    }
  }
  Context context{ancestor->base_uri, ancestor->dialect, ancestor->vocabularies, ancestor->resource};
  if (auto r = walk(root.document, *found, pointer, context, 0, false); !r) return r.error();
  return {boost::system::in_place_value, target};
}

boost::system::result<std::string, SchemaError> SchemaIndex::resolve(const SchemaNode& from,
                                                                     std::string_view reference,
                                                                     std::string_view location) {
  auto absolute = resolve_uri(from.base_uri, reference);
  if (!absolute) return error(std::string(location), absolute.error());
  auto [resource_part, fragment] = split_fragment(*absolute);
  std::string resource_uri(resource_part);
  auto it = resource_by_uri_.find(resource_uri);
  if (it == resource_by_uri_.end()) {
    std::optional<std::string> text;
    if (options_.registry) text = options_.registry->find(resource_uri);
    if (!text) {
      if (auto builtin = builtin_metaschema(resource_uri)) text = std::string(*builtin);
    }
    if (!text) {
      return error(std::string(location), "cannot resolve \"" + std::string(reference) + "\": no schema is registered for \"" +
                                              resource_uri + "\"");
    }
    // A document without `$schema` is read in the dialect of the schema that references it.
    auto doc = load_document(*text, resource_uri, from.dialect);
    if (!doc) return doc.error();
    it = resource_by_uri_.find(resource_uri);
    if (it == resource_by_uri_.end()) return error(std::string(location), "cannot resolve \"" + resource_uri + "\"");
  }
  if (fragment.empty()) return {boost::system::in_place_value, resources_[it->second].node_key};
  if (fragment.starts_with('/')) return node_at_pointer(it->second, fragment, location);
  auto anchor = anchors_.find(resource_uri + "#" + std::string(fragment));
  if (anchor == anchors_.end()) {
    return error(std::string(location), "cannot resolve \"" + std::string(reference) + "\": no anchor \"" +
                                            std::string(fragment) + "\" in \"" + resource_uri + "\"");
  }
  return {boost::system::in_place_value, anchor->second};
}

}  // namespace toolgate::schemas
