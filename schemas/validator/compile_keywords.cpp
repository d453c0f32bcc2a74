// Keyword-by-keyword compilation of one schema object into instructions (see compiler.hpp).
#include "schemas/json/json_pointer.hpp"
#include "schemas/validator/dom_access.hpp"
#include "schemas/validator/compiler.hpp"

namespace toolgate::schemas {

namespace {

using simdjson::dom::element_type;

bool at_least(Dialect d, Dialect min) { return static_cast<int>(d) >= static_cast<int>(min); }

bool enabled(const SchemaNode& node, std::string_view keyword) {
  return (node.vocabularies & keyword_vocabulary(keyword)) != 0;
}

// The keyword's value when present and its vocabulary is on.
std::optional<simdjson::dom::element> member(const SchemaNode& node, simdjson::dom::object schema,
                                             std::string_view keyword) {
  if (!enabled(node, keyword)) return std::nullopt;
  simdjson::dom::element value;
  if (schema.at_key(keyword).get(value) != simdjson::SUCCESS) return std::nullopt;
  return value;
}

bool is_schema(simdjson::dom::element e) { return e.type() == element_type::OBJECT || e.type() == element_type::BOOL; }

std::optional<std::uint32_t> type_bit(std::string_view name) {
  if (name == "null") return kTypeNull;
  if (name == "boolean") return kTypeBoolean;
  if (name == "object") return kTypeObject;
  if (name == "array") return kTypeArray;
  if (name == "number") return kTypeNumber;
  if (name == "integer") return kTypeInteger;
  if (name == "string") return kTypeString;
  return std::nullopt;
}

std::string relative(std::string_view keyword) {
  std::string out;
  append_pointer_token(out, keyword);
  return out;
}

std::string relative(std::string_view keyword, std::string_view member_name) {
  std::string out = relative(keyword);
  append_pointer_token(out, member_name);
  return out;
}

}  // namespace

boost::system::result<void, SchemaError> Compiler::compile_assertions(const SchemaNode& node,
                                                                      simdjson::dom::object schema) {
  if (auto type = member(node, schema, "type")) {
    std::uint32_t mask = 0;
    std::string_view name;
    if (type->get(name) == simdjson::SUCCESS) {
      auto bit = type_bit(name);
      if (!bit) return error(node, "type", "unknown type \"" + std::string(name) + "\"");
      mask = *bit;
    } else if (type->type() == element_type::ARRAY) {
      for (auto item : array_of(*type)) {
        std::optional<std::uint32_t> bit;
        if (item.get(name) == simdjson::SUCCESS) bit = type_bit(name);
        if (!bit) return error(node, "type", "type must list type names: null, boolean, object, array, number, integer, string");
        mask |= *bit;
      }
    } else {
      return error(node, "type", "type must be a type name or an array of them");
    }
    emit(Op::type, node, "type", mask);
  }
  if (at_least(node.dialect, Dialect::draft6)) {
    if (auto value = member(node, schema, "const")) {
      program_.values.push_back(*value);
      emit(Op::const_value, node, "const", static_cast<std::uint32_t>(program_.values.size() - 1));
    }
  }
  if (auto values = member(node, schema, "enum")) {
    if (values->type() != element_type::ARRAY) return error(node, "enum", "enum must be an array");
    EnumTable table;
    table.all_strings = true;
    for (auto v : array_of(*values)) {
      table.values.push_back(v);
      std::string_view s;
      if (v.get(s) == simdjson::SUCCESS) {
        table.strings.insert(s);
      } else {
        table.all_strings = false;
      }
    }
    program_.enums.push_back(std::move(table));
    emit(Op::enum_values, node, "enum", static_cast<std::uint32_t>(program_.enums.size() - 1));
  }
  auto number = [&](std::string_view keyword, simdjson::dom::element value) -> boost::system::result<std::uint32_t, SchemaError> {
    if (!value.is_number()) return error(node, keyword, std::string(keyword) + " must be a number");
    program_.numbers.push_back(to_json_number(value));
    return static_cast<std::uint32_t>(program_.numbers.size() - 1);
  };
  if (auto v = member(node, schema, "multipleOf")) {
    auto n = number("multipleOf", *v);
    if (!n) return n.error();
    if (compare_numbers(program_.numbers[*n], JsonNumber{std::int64_t{0}}) <= 0) {
      return error(node, "multipleOf", "multipleOf must be greater than 0");
    }
    emit(Op::multiple_of, node, "multipleOf", *n);
  }
  // draft-04 spells exclusive bounds as booleans that modify minimum/maximum.
  bool exclusive_min = false;
  bool exclusive_max = false;
  if (node.dialect == Dialect::draft4) {
    if (auto v = member(node, schema, "exclusiveMinimum")) if (v->get(exclusive_min) != simdjson::SUCCESS) exclusive_min = {};
    if (auto v = member(node, schema, "exclusiveMaximum")) if (v->get(exclusive_max) != simdjson::SUCCESS) exclusive_max = {};
  } else {
    if (auto v = member(node, schema, "exclusiveMinimum")) {
      auto n = number("exclusiveMinimum", *v);
      if (!n) return n.error();
      emit(Op::exclusive_minimum, node, "exclusiveMinimum", *n);
    }
    if (auto v = member(node, schema, "exclusiveMaximum")) {
      auto n = number("exclusiveMaximum", *v);
      if (!n) return n.error();
      emit(Op::exclusive_maximum, node, "exclusiveMaximum", *n);
    }
  }
  if (auto v = member(node, schema, "minimum")) {
    auto n = number("minimum", *v);
    if (!n) return n.error();
    emit(exclusive_min ? Op::exclusive_minimum : Op::minimum, node, "minimum", *n);
  }
  if (auto v = member(node, schema, "maximum")) {
    auto n = number("maximum", *v);
    if (!n) return n.error();
    emit(exclusive_max ? Op::exclusive_maximum : Op::maximum, node, "maximum", *n);
  }
  struct BoundKeyword {
    std::string_view name;
    Op op;
  };
  for (auto [name, op] : {BoundKeyword{"minLength", Op::min_length}, BoundKeyword{"maxLength", Op::max_length},
                          BoundKeyword{"minItems", Op::min_items}, BoundKeyword{"maxItems", Op::max_items},
                          BoundKeyword{"minProperties", Op::min_properties},
                          BoundKeyword{"maxProperties", Op::max_properties}}) {
    if (auto v = member(node, schema, name)) {
      auto b = bound(node, name, *v);
      if (!b) return b.error();
      emit(op, node, name, *b);
    }
  }
  if (auto v = member(node, schema, "pattern")) {
    std::string_view pattern;
    if (v->get(pattern) != simdjson::SUCCESS) return error(node, "pattern", "pattern must be a string");
    auto id = regex(node, "/pattern", pattern);
    if (!id) return id.error();
    emit(Op::pattern, node, "pattern", *id);
  }
  if (auto v = member(node, schema, "uniqueItems")) {
    bool unique = false;
    if (v->get(unique) != simdjson::SUCCESS) return error(node, "uniqueItems", "uniqueItems must be a boolean");
    if (unique) emit(Op::unique_items, node, "uniqueItems");
  }
  simdjson::dom::element format_value;
  std::string_view format_name;
  if (schema.at_key("format").get(format_value) == simdjson::SUCCESS && format_value.get(format_name) == simdjson::SUCCESS &&
      (options_.assert_formats || (node.vocabularies & kVocabFormatAssertion) != 0)) {
    if (auto format = format_from_name(format_name)) {
      program_.strings.emplace_back(format_name);
      emit(Op::format, node, "format", static_cast<std::uint32_t>(*format),
           static_cast<std::uint32_t>(program_.strings.size() - 1));
    }
  }
  // draft-07 lets validators assert content; later drafts make it annotation only.
  if (node.dialect == Dialect::draft7) {
    std::string_view encoding;
    std::string_view media_type;
    bool base64 = schema.at_key("contentEncoding").get(encoding) == simdjson::SUCCESS && encoding == "base64";
    bool json = schema.at_key("contentMediaType").get(media_type) == simdjson::SUCCESS && media_type == "application/json";
    if (base64 || json) emit(Op::content, node, base64 ? "contentEncoding" : "contentMediaType", base64, json);
  }
  return {};
}

boost::system::result<void, SchemaError> Compiler::compile_properties(const SchemaNode& node,
                                                                      simdjson::dom::object schema) {
  auto properties = member(node, schema, "properties");
  auto patterns = member(node, schema, "patternProperties");
  auto additional = member(node, schema, "additionalProperties");
  auto required = member(node, schema, "required");
  if (!properties && !patterns && !additional && !required) return {};
  PropertiesSpec spec;
  spec.properties_location = location(node, "properties");
  spec.patterns_location = location(node, "patternProperties");
  spec.additional_location = location(node, "additionalProperties");
  spec.required_location = location(node, "required");
  auto sized = [&] {
    spec.members.resize(spec.names.size());
  };
  if (properties) {
    if (properties->type() != element_type::OBJECT) return error(node, "properties", "properties must be an object");
    for (auto field : object_of(*properties)) {
      if (!is_schema(field.value)) return error(node, "properties", "property \"" + std::string(field.key) + "\" must be a schema");
      std::uint32_t id = spec.names.insert(field.key);
      sized();
      spec.members[id].block = child_block(node, relative("properties", field.key));
    }
  }
  if (required) {
    if (required->type() != element_type::ARRAY) return error(node, "required", "required must be an array of strings");
    for (auto item : array_of(*required)) {
      std::string_view name;
      if (item.get(name) != simdjson::SUCCESS) return error(node, "required", "required must be an array of strings");
      std::uint32_t id = spec.names.insert(name);
      sized();
      if (spec.members[id].required_bit == kNone) {
        spec.members[id].required_bit = static_cast<std::uint32_t>(spec.required.size());
        spec.required.emplace_back(name);
      }
    }
  }
  if (patterns) {
    if (patterns->type() != element_type::OBJECT) {
      return error(node, "patternProperties", "patternProperties must be an object");
    }
    for (auto field : object_of(*patterns)) {
      if (!is_schema(field.value)) return error(node, "patternProperties", "patternProperties values must be schemas");
      auto id = regex(node, relative("patternProperties", field.key), field.key);
      if (!id) return id.error();
      spec.patterns.push_back({*id, child_block(node, relative("patternProperties", field.key))});
    }
  }
  if (additional) {
    if (!is_schema(*additional)) return error(node, "additionalProperties", "additionalProperties must be a schema");
    spec.additional = child_block(node, relative("additionalProperties"));
  }
  program_.properties.push_back(std::move(spec));
  emit(Op::properties, node, properties ? "properties" : required ? "required" : patterns ? "patternProperties"
                                                                                          : "additionalProperties",
       static_cast<std::uint32_t>(program_.properties.size() - 1));
  return {};
}

boost::system::result<void, SchemaError> Compiler::compile_dependencies(const SchemaNode& node,
                                                                        simdjson::dom::object schema) {
  DependencyTable names;
  DependencyTable schemas;
  auto read = [&](std::string_view keyword, bool allow_names, bool allow_schemas) -> Status {
    simdjson::dom::element value;
    if (schema.at_key(keyword).get(value) != simdjson::SUCCESS) return {};
    if (value.type() != element_type::OBJECT) return error(node, keyword, std::string(keyword) + " must be an object");
    for (auto field : object_of(value)) {
      if (allow_names && field.value.type() == element_type::ARRAY) {
        DependencyTable::Entry entry{std::string(field.key), kNone, {}};
        for (auto item : array_of(field.value)) {
          std::string_view name;
          if (item.get(name) != simdjson::SUCCESS) {
            return error(node, keyword, std::string(keyword) + " lists must hold property names");
          }
          entry.required.emplace_back(name);
        }
        names.entries.push_back(std::move(entry));
      } else if (allow_schemas && is_schema(field.value)) {
        schemas.entries.push_back({std::string(field.key), child_block(node, relative(keyword, field.key)), {}});
      } else {
        std::string message = "\"";
        message.append(field.key).append("\" has a value of the wrong kind");
        return error(node, keyword, std::move(message));
      }
    }
    return {};
  };
  if (at_least(node.dialect, Dialect::draft2019_09)) {
    if (enabled(node, "dependentRequired")) {
      if (auto r = read("dependentRequired", true, false); !r) return r;
    }
    if (enabled(node, "dependentSchemas")) {
      if (auto r = read("dependentSchemas", false, true); !r) return r;
    }
  }
  // `dependencies` predates the split; real schemas still use it under newer `$schema`s.
  if (enabled(node, "dependentSchemas") && enabled(node, "dependentRequired")) {
    if (auto r = read("dependencies", true, true); !r) return r;
  }
  std::string_view keyword = at_least(node.dialect, Dialect::draft2019_09) ? "dependentRequired" : "dependencies";
  if (!names.entries.empty()) {
    program_.dependencies.push_back(std::move(names));
    emit(Op::dependent_required, node, keyword, static_cast<std::uint32_t>(program_.dependencies.size() - 1));
  }
  keyword = at_least(node.dialect, Dialect::draft2019_09) ? "dependentSchemas" : "dependencies";
  if (!schemas.entries.empty()) {
    program_.dependencies.push_back(std::move(schemas));
    emit(Op::dependent_schemas, node, keyword, static_cast<std::uint32_t>(program_.dependencies.size() - 1));
  }
  return {};
}

boost::system::result<void, SchemaError> Compiler::compile_items(const SchemaNode& node, simdjson::dom::object schema) {
  std::uint32_t prefix = 0;
  const bool modern = node.dialect == Dialect::draft2020_12;
  auto items = member(node, schema, "items");
  if (auto prefix_items = modern ? member(node, schema, "prefixItems") : (items && items->type() == element_type::ARRAY ? items : std::nullopt)) {
    std::string_view keyword = modern ? "prefixItems" : "items";
    if (prefix_items->type() != element_type::ARRAY) return error(node, keyword, std::string(keyword) + " must be an array of schemas");
    simdjson::dom::array list = prefix_items->get_array().value_unsafe();
    prefix = static_cast<std::uint32_t>(list.size());
    for (auto item : list) {
      if (!is_schema(item)) return error(node, keyword, std::string(keyword) + " must hold schemas");
    }
    emit(Op::prefix_items, node, keyword, list_of(node, keyword, list), prefix);
    if (!modern) {
      if (auto additional = member(node, schema, "additionalItems"); additional && is_schema(*additional)) {
        emit(Op::items_from, node, "additionalItems", prefix, child_block(node, relative("additionalItems")));
      }
      items.reset();
    }
  }
  if (items) {
    if (!is_schema(*items)) {
      return error(node, "items", modern ? "items must be a schema (2020-12 spells tuples as prefixItems)"
                                         : "items must be a schema or an array of schemas");
    }
    emit(Op::items_from, node, "items", prefix, child_block(node, relative("items")));
  }
  if (at_least(node.dialect, Dialect::draft6)) {
    if (auto contains = member(node, schema, "contains"); contains && is_schema(*contains)) {
      std::uint32_t min = 1;
      std::uint32_t max = kNone;
      if (at_least(node.dialect, Dialect::draft2019_09)) {
        if (auto v = member(node, schema, "minContains")) {
          auto b = bound(node, "minContains", *v);
          if (!b) return b.error();
          min = *b;
        }
        if (auto v = member(node, schema, "maxContains")) {
          auto b = bound(node, "maxContains", *v);
          if (!b) return b.error();
          max = *b;
        }
      }
      current_.push_back(Instr{Op::contains, child_block(node, relative("contains")), min, max, location(node, "contains")});
    }
  }
  return {};
}

boost::system::result<void, SchemaError> Compiler::compile_applicators(const SchemaNode& node,
                                                                       simdjson::dom::object schema) {
  for (auto [keyword, op] : {std::pair{std::string_view("allOf"), Op::all_of}, std::pair{std::string_view("anyOf"), Op::any_of},
                             std::pair{std::string_view("oneOf"), Op::one_of}}) {
    if (auto v = member(node, schema, keyword)) {
      if (v->type() != element_type::ARRAY || v->get_array().value_unsafe().size() == 0) {
        return error(node, keyword, std::string(keyword) + " must be a non-empty array of schemas");
      }
      simdjson::dom::array list = v->get_array().value_unsafe();
      for (auto item : list) {
        if (!is_schema(item)) return error(node, keyword, std::string(keyword) + " must hold schemas");
      }
      emit(op, node, keyword, list_of(node, keyword, list), static_cast<std::uint32_t>(list.size()), kNone);
    }
  }
  if (auto v = member(node, schema, "not")) {
    if (!is_schema(*v)) return error(node, "not", "not must be a schema");
    emit(Op::not_schema, node, "not", child_block(node, relative("not")));
  }
  if (at_least(node.dialect, Dialect::draft7)) {
    if (auto v = member(node, schema, "if"); v && is_schema(*v)) {
      std::uint32_t then_block = kNone;
      std::uint32_t else_block = kNone;
      if (auto t = member(node, schema, "then"); t && is_schema(*t)) then_block = child_block(node, relative("then"));
      if (auto e = member(node, schema, "else"); e && is_schema(*e)) else_block = child_block(node, relative("else"));
      emit(Op::if_then_else, node, "if", child_block(node, relative("if")), then_block, else_block);
    }
  }
  if (at_least(node.dialect, Dialect::draft6)) {
    if (auto v = member(node, schema, "propertyNames"); v && is_schema(*v)) {
      emit(Op::property_names, node, "propertyNames", child_block(node, relative("propertyNames")));
    }
  }
  return {};
}

boost::system::result<void, SchemaError> Compiler::compile_unevaluated(const SchemaNode& node,
                                                                       simdjson::dom::object schema) {
  if (!at_least(node.dialect, Dialect::draft2019_09)) return {};
  if (auto v = member(node, schema, "unevaluatedProperties"); v && is_schema(*v)) {
    emit(Op::unevaluated_properties, node, "unevaluatedProperties", child_block(node, relative("unevaluatedProperties")));
    current_tracks_ = true;
  }
  if (auto v = member(node, schema, "unevaluatedItems"); v && is_schema(*v)) {
    emit(Op::unevaluated_items, node, "unevaluatedItems", child_block(node, relative("unevaluatedItems")));
    current_tracks_ = true;
  }
  return {};
}

}  // namespace toolgate::schemas
