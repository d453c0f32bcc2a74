// Which keywords each dialect defines, grouped by the 2019-09/2020-12 vocabularies, and where a
// schema holds subschemas (so `$id`s in data such as `enum` or `const` are never taken for schemas).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "schemas/validator/dialect.hpp"

namespace toolgate::schemas {

enum VocabBit : std::uint32_t {
  kVocabCore = 1, kVocabApplicator = 2, kVocabUnevaluated = 4, kVocabValidation = 8,
  kVocabMetaData = 16, kVocabFormatAnnotation = 32, kVocabFormatAssertion = 64, kVocabContent = 128,
};
using VocabSet = std::uint32_t;

// Every vocabulary a dialect's official meta-schema enables (format as annotation).
VocabSet default_vocabularies(Dialect dialect);

// The bit for a vocabulary URI of 2019-09 or 2020-12; nullopt when unknown.
std::optional<VocabBit> vocabulary_from_uri(std::string_view uri);

// The vocabulary a keyword belongs to in 2019-09/2020-12 (core when not an assertion/applicator).
VocabBit keyword_vocabulary(std::string_view keyword);

// Calls `visit(child, relative_pointer)` for each direct subschema of `schema` under `dialect`,
// e.g. ("/properties/a") or ("/allOf/0"). Boolean and object children are both subschemas.
void for_each_subschema(simdjson::dom::object schema, Dialect dialect,
                        const std::function<void(simdjson::dom::element, const std::string&)>& visit);

// In draft-04/06/07 a `$ref` replaces every sibling keyword.
inline bool ref_overrides_siblings(Dialect d) { return d == Dialect::draft4 || d == Dialect::draft6 || d == Dialect::draft7; }

}  // namespace toolgate::schemas
