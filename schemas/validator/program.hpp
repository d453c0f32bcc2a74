// The compiled form of a schema: a flat array of instructions grouped into blocks (one block per
// subschema), plus side tables. Blocks refer to each other by index, so `$ref` cycles are jumps.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <simdjson.h>

#include "schemas/format/format.hpp"
#include "schemas/json/json_number.hpp"
#include "schemas/regex/ecma_regex.hpp"
#include "schemas/validator/dialect.hpp"
#include "schemas/validator/property_table.hpp"

namespace toolgate::schemas {

inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// Instance type bits used by `type` (integer is a subset of number).
enum TypeBit : std::uint32_t {
  kTypeNull = 1, kTypeBoolean = 2, kTypeObject = 4, kTypeArray = 8,
  kTypeNumber = 16, kTypeInteger = 32, kTypeString = 64,
  kTypeAny = 127,
};

enum class Op : std::uint8_t {
  type,                 // a: TypeBit mask
  fail,                 // the `false` schema
  const_value,          // a: value index
  enum_values,          // a: enum table index
  minimum, maximum, exclusive_minimum, exclusive_maximum,  // a: number index
  multiple_of,          // a: number index
  min_length, max_length,        // a: bound
  pattern,              // a: regex index
  format,               // a: Format, b: index of its name in `strings`
  content,              // draft-07 contentEncoding/contentMediaType: a: base64?, b: JSON media type?
  // Ops up to here look at the instance value only (see is_value_check).
  min_items, max_items, // a: bound
  unique_items,
  prefix_items,         // a: list offset, b: count
  items_from,           // a: first index, b: block
  contains,             // a: block, b: min, c: max (kNone: unbounded)
  min_properties, max_properties,  // a: bound
  properties,           // a: PropertiesSpec index
  dependent_required,   // a: dependency table index
  dependent_schemas,    // a: dependency table index
  property_names,       // a: block
  all_of, any_of, one_of,  // a: list offset, b: count, c: Discriminator index or kNone (any/one)
  not_schema,           // a: block
  if_then_else,         // a: if block, b: then block or kNone, c: else block or kNone
  ref,                  // a: block
  dynamic_ref,          // a: static target block, b: anchor name index
  recursive_ref,        // a: static target block
  unevaluated_properties,  // a: block
  unevaluated_items,       // a: block
};

inline bool is_value_check(Op op) { return op <= Op::content; }

struct Instr {
  Op op;
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  std::uint32_t c = 0;
  std::uint32_t location = 0;  // index into Program::locations: the keyword's schema location
};

struct Block {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint32_t types = kTypeAny;    // the subschema's `type`, checked before its instructions
  std::uint32_t type_location = 0;   // where that `type` is, for its error
  std::uint32_t resource = 0;        // schema resource the subschema belongs to (dynamic scope)
  bool tracks_annotations = false;   // has unevaluated*: collects annotations itself
  bool is_false = false;             // the `false` schema: lets callers word their error
  bool leaf = false;                 // only value checks (no subschemas): run without dispatch or depth
  std::uint32_t alias = kNone;       // a subschema that is only a `$ref`: the block it stands for
  bool single = false;               // one instruction, no type, no annotations, no dynamic scope
};

// Members of `enum`; strings also go into a hash set when the enum is large.
struct EnumTable {
  std::vector<simdjson::dom::element> values;
  PropertyTable strings;  // used when `all_strings`
  bool all_strings = false;
};

// `properties`, `patternProperties`, `additionalProperties` and `required` of one subschema, fused
// so an object's members are visited once, each name looked up with one hash probe.
struct PropertiesSpec {
  PropertyTable names;                      // `properties` keys and `required` names
  struct Member {
    std::uint32_t block = kNone;            // subschema block, kNone when only required
    std::uint32_t required_bit = kNone;     // bit in the "seen" set, kNone when optional
  };
  std::vector<Member> members;              // per name
  std::vector<std::string> required;        // in schema order, for messages
  struct Pattern {
    std::uint32_t regex;
    std::uint32_t block;
  };
  std::vector<Pattern> patterns;
  std::uint32_t additional = kNone;         // block for names matched by neither
  std::uint32_t properties_location = 0;
  std::uint32_t patterns_location = 0;
  std::uint32_t additional_location = 0;
  std::uint32_t required_location = 0;
};

// `dependentRequired` / `dependentSchemas` / `dependencies`: property -> names or block.
struct DependencyTable {
  struct Entry {
    std::string property;
    std::uint32_t block = kNone;          // dependentSchemas
    std::vector<std::string> required;    // dependentRequired
  };
  std::vector<Entry> entries;
};

// A tagged union: every branch of an anyOf/oneOf is an object schema requiring `property` with a
// distinct string `const`, so the value names the only branch that can pass.
struct Discriminator {
  std::string property;
  PropertyTable values;                // const value -> branch position
  std::vector<std::uint32_t> branches;  // block per value
};

struct Resource {
  std::uint32_t id = 0;
  bool recursive_anchor = false;  // 2019-09 `$recursiveAnchor: true` at its root
  std::uint32_t root_block = kNone;
};

struct Program {
  std::vector<Instr> code;
  std::vector<Block> blocks;
  std::uint32_t root = 0;
  Dialect dialect = Dialect::draft2020_12;

  std::vector<std::uint32_t> lists;  // block lists for allOf/anyOf/oneOf/prefixItems
  std::vector<JsonNumber> numbers;
  std::vector<simdjson::dom::element> values;
  std::vector<EnumTable> enums;
  std::vector<EcmaRegex> regexes;
  std::vector<PropertiesSpec> properties;
  std::vector<DependencyTable> dependencies;
  std::vector<Discriminator> discriminators;
  std::vector<std::string> locations;
  std::vector<std::string> strings;  // names used in messages (formats)
  std::vector<Resource> resources;
  std::vector<std::string> anchor_names;
  // (anchor name index) -> (resource id -> block): targets of `$dynamicRef`.
  std::vector<std::unordered_map<std::uint32_t, std::uint32_t>> dynamic_anchors;
  bool uses_dynamic_scope = false;
  std::size_t max_eval_depth = 1000;
  std::size_t max_eval_steps = 5'000'000;

  // Parsed schema documents; `values`, `enums` and property names point into them.
  std::vector<std::unique_ptr<simdjson::dom::parser>> documents;
};

}  // namespace toolgate::schemas
