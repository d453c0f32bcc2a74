#include "schemas/validator/dom_access.hpp"
#include "schemas/validator/vocabulary.hpp"

#include "schemas/json/json_pointer.hpp"

namespace toolgate::schemas {

namespace {

bool at_least(Dialect d, Dialect min) { return static_cast<int>(d) >= static_cast<int>(min); }

// The dialect after `d`; for the newest, a value past every dialect.
int next_rank(Dialect d) { return static_cast<int>(d) + 1; }

bool is_schema(simdjson::dom::element e) {
  return e.type() == simdjson::dom::element_type::OBJECT || e.type() == simdjson::dom::element_type::BOOL;
}

enum class Shape { single, array, map, single_or_array, dependencies };

struct SubschemaKeyword {
  std::string_view name;
  Shape shape;
  Dialect since;
  Dialect until;
};

constexpr SubschemaKeyword kKeywords[] = {
    {"additionalItems", Shape::single, Dialect::draft4, Dialect::draft2019_09},
    {"additionalProperties", Shape::single, Dialect::draft4, Dialect::draft2020_12},
    {"contains", Shape::single, Dialect::draft6, Dialect::draft2020_12},
    {"contentSchema", Shape::single, Dialect::draft2019_09, Dialect::draft2020_12},
    {"if", Shape::single, Dialect::draft7, Dialect::draft2020_12},
    {"then", Shape::single, Dialect::draft7, Dialect::draft2020_12},
    {"else", Shape::single, Dialect::draft7, Dialect::draft2020_12},
    {"not", Shape::single, Dialect::draft4, Dialect::draft2020_12},
    {"propertyNames", Shape::single, Dialect::draft6, Dialect::draft2020_12},
    {"unevaluatedItems", Shape::single, Dialect::draft2019_09, Dialect::draft2020_12},
    {"unevaluatedProperties", Shape::single, Dialect::draft2019_09, Dialect::draft2020_12},
    {"items", Shape::single_or_array, Dialect::draft4, Dialect::draft2019_09},
    {"items", Shape::single, Dialect::draft2020_12, Dialect::draft2020_12},
    {"prefixItems", Shape::array, Dialect::draft2020_12, Dialect::draft2020_12},
    {"allOf", Shape::array, Dialect::draft4, Dialect::draft2020_12},
    {"anyOf", Shape::array, Dialect::draft4, Dialect::draft2020_12},
    {"oneOf", Shape::array, Dialect::draft4, Dialect::draft2020_12},
    {"$defs", Shape::map, Dialect::draft2019_09, Dialect::draft2020_12},
    {"definitions", Shape::map, Dialect::draft4, Dialect::draft7},
    {"properties", Shape::map, Dialect::draft4, Dialect::draft2020_12},
    {"patternProperties", Shape::map, Dialect::draft4, Dialect::draft2020_12},
    {"dependentSchemas", Shape::map, Dialect::draft2019_09, Dialect::draft2020_12},
    // Split into dependentRequired/dependentSchemas in 2019-09; still honoured there for compatibility.
    {"dependencies", Shape::dependencies, Dialect::draft4, Dialect::draft2020_12},
};

}  // namespace

VocabSet default_vocabularies(Dialect dialect) {
  VocabSet all = kVocabCore | kVocabApplicator | kVocabValidation | kVocabMetaData | kVocabFormatAnnotation |
                 kVocabContent;
  if (at_least(dialect, Dialect::draft2019_09)) all |= kVocabUnevaluated;
  return all;
}

std::optional<VocabBit> vocabulary_from_uri(std::string_view uri) {
  constexpr std::string_view k2020 = "https://json-schema.org/draft/2020-12/vocab/";
  constexpr std::string_view k2019 = "https://json-schema.org/draft/2019-09/vocab/";
  std::string_view name;
  if (uri.starts_with(k2020)) {
    name = uri.substr(k2020.size());
    if (name == "unevaluated") return kVocabUnevaluated;
    if (name == "format-annotation") return kVocabFormatAnnotation;
    if (name == "format-assertion") return kVocabFormatAssertion;
  } else if (uri.starts_with(k2019)) {
    name = uri.substr(k2019.size());
    if (name == "format") return kVocabFormatAnnotation;
  } else {
    return std::nullopt;
  }
  if (name == "core") return kVocabCore;
  if (name == "applicator") return kVocabApplicator;
  if (name == "validation") return kVocabValidation;
  if (name == "meta-data") return kVocabMetaData;
  if (name == "content") return kVocabContent;
  return std::nullopt;
}

VocabBit keyword_vocabulary(std::string_view k) {
  if (k == "unevaluatedItems" || k == "unevaluatedProperties") return kVocabUnevaluated;
  if (k == "prefixItems" || k == "items" || k == "additionalItems" || k == "contains" ||
      k == "additionalProperties" || k == "properties" || k == "patternProperties" ||
      k == "dependentSchemas" || k == "propertyNames" || k == "if" || k == "then" || k == "else" ||
      k == "allOf" || k == "anyOf" || k == "oneOf" || k == "not") {
    return kVocabApplicator;
  }
  if (k == "type" || k == "const" || k == "enum" || k == "multipleOf" || k == "maximum" ||
      k == "exclusiveMaximum" || k == "minimum" || k == "exclusiveMinimum" || k == "maxLength" ||
      k == "minLength" || k == "pattern" || k == "maxItems" || k == "minItems" || k == "uniqueItems" ||
      k == "maxContains" || k == "minContains" || k == "maxProperties" || k == "minProperties" ||
      k == "required" || k == "dependentRequired") {
    return kVocabValidation;
  }
  if (k == "format") return kVocabFormatAnnotation;
  return kVocabCore;
}

void for_each_subschema(simdjson::dom::object schema, Dialect dialect,
                        const std::function<void(simdjson::dom::element, const std::string&)>& visit) {
  for (auto field : schema) {
    for (const auto& kw : kKeywords) {
      if (kw.name != field.key || !at_least(dialect, kw.since) || static_cast<int>(dialect) >= next_rank(kw.until)) {
        continue;
      }
      std::string base;
      append_pointer_token(base, field.key);
      simdjson::dom::element value = field.value;
      switch (kw.shape) {
        case Shape::single:
          if (is_schema(value)) visit(value, base);
          break;
        case Shape::single_or_array:
        case Shape::array:
          if (value.type() == simdjson::dom::element_type::ARRAY) {
            std::size_t i = 0;
            for (auto item : array_of(value)) {
              std::string p = base;
              append_pointer_index(p, i++);
              if (is_schema(item)) visit(item, p);
            }
          } else if (kw.shape == Shape::single_or_array && is_schema(value)) {
            visit(value, base);
          }
          break;
        case Shape::map:
        case Shape::dependencies:
          if (value.type() == simdjson::dom::element_type::OBJECT) {
            for (auto member : object_of(value)) {
              std::string p = base;
              append_pointer_token(p, member.key);
              if (is_schema(member.value)) visit(member.value, p);
            }
          }
          break;
      }
      break;
    }
  }
}

}  // namespace toolgate::schemas
