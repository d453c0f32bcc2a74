// Runs a Program over a simdjson DOM instance. Fast mode answers yes/no and stops at the first
// failure; explain mode keeps going to collect errors with instance and schema locations.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <boost/container/small_vector.hpp>
#include <simdjson.h>

#include "schemas/validator/program.hpp"
#include "schemas/validator/schema.hpp"

namespace toolgate::schemas {

// What in-place applicators marked as evaluated at one instance location; only collected where
// an `unevaluatedProperties` / `unevaluatedItems` needs it.
struct Annotations {
  using Bits = boost::container::small_vector<std::uint64_t, 2>;  // no allocation up to 128 members
  bool all_properties = false;
  Bits properties;  // by member position
  bool all_items = false;
  std::size_t prefix_items = 0;
  Bits items;       // by index, from `contains`

  void mark_property(std::size_t index);
  void mark_item(std::size_t index);
  bool property_evaluated(std::size_t index) const;
  bool item_evaluated(std::size_t index) const;
  void merge(const Annotations& other);
};

// The `type` bits an instance satisfies (a double with no fraction is also an integer).
inline std::uint32_t type_bits(simdjson::dom::element value) {
  using simdjson::dom::element_type;
  switch (value.type()) {
    case element_type::ARRAY: return kTypeArray;
    case element_type::OBJECT: return kTypeObject;
    case element_type::STRING: return kTypeString;
    case element_type::BOOL: return kTypeBoolean;
    case element_type::NULL_VALUE: return kTypeNull;
    case element_type::INT64:
    case element_type::UINT64: return kTypeNumber | kTypeInteger;
    case element_type::DOUBLE: {
      const double d = value.get_double().value_unsafe();
      return std::trunc(d) == d ? kTypeNumber | kTypeInteger : kTypeNumber;
    }
  }
  return 0;
}

class Evaluator {
 public:
  // `errors` null: fast mode.
  Evaluator(const Program& program, std::vector<ValidationError>* errors, std::size_t max_errors);

  bool run(simdjson::dom::element instance);

 private:
  bool block(std::uint32_t id, simdjson::dom::element instance, Annotations* annotations);
  bool in_place(std::uint32_t id, simdjson::dom::element instance, Annotations* annotations);
  [[gnu::cold, gnu::noinline]] bool over_budget(const Block& b);
  [[gnu::cold, gnu::noinline]] bool too_deep(const Block& b);
  [[gnu::noinline]] bool block_general(const Block& b, simdjson::dom::element instance, Annotations* annotations);
  bool instructions(const Block& b, simdjson::dom::element instance, Annotations* annotations);
  bool dispatch(const Instr& in, simdjson::dom::element instance, Annotations* annotations);
  bool structure_keywords(const Instr& in, simdjson::dom::element instance, Annotations* annotations);
  bool object_keywords(const Instr& in, simdjson::dom::element object, Annotations* annotations);
  bool properties(const PropertiesSpec& spec, simdjson::dom::object object, Annotations* annotations);
  bool properties_fast(const PropertiesSpec& spec, simdjson::dom::object object);
  bool pattern_limit(const PropertiesSpec& spec, const PropertiesSpec::Pattern& pattern);
  bool array_keywords(const Instr& in, simdjson::dom::array array, Annotations* annotations);
  bool scalar_keywords(const Instr& in, simdjson::dom::element instance);
  bool tagged_union(const Discriminator& d, simdjson::dom::element instance);
  bool logic(const Instr& in, simdjson::dom::element instance, Annotations* annotations);

  // A child instance location: the path grows only in explain mode.
  bool child(std::uint32_t block, simdjson::dom::element value, std::string_view key);
  bool child(std::uint32_t block, simdjson::dom::element value, std::size_t index);
  // Explain mode: evaluates with the instance path extended by `push`, then restores it.
  template <typename Push>
  bool child_at(std::uint32_t id, simdjson::dom::element value, Push push) {
    const std::size_t length = path_.size();
    push();
    const bool ok = block(id, value, nullptr);
    path_.resize(length);
    return ok;
  }

  // A subschema that is only a `type` is answered without entering it.
  bool fast_child(std::uint32_t id, simdjson::dom::element value) {
    if (const std::uint32_t alias = program_.blocks[id].alias; alias != kNone) id = alias;
    const Block& b = program_.blocks[id];
    if (b.begin == b.end) return (type_bits(value) & b.types) != 0;
    if (b.leaf) return leaf(b, value);
    return block(id, value, nullptr);
  }

  // Value checks only: no recursion is possible, so no depth or scope bookkeeping.
  bool leaf(const Block& b, simdjson::dom::element value) {
    if (b.types != kTypeAny && (type_bits(value) & b.types) == 0) return false;
    for (std::uint32_t i = b.begin; i < b.end; ++i) {
      if (!scalar_keywords(program_.code[i], value)) return false;
    }
    return true;
  }

  bool explain() const { return errors_ != nullptr; }
  void abort(std::uint32_t location, std::string_view keyword, std::string message);
  bool stop() const { return errors_ == nullptr || errors_->size() >= max_errors_; }
  void report(const Instr& in, std::string_view keyword, std::string message);
  void type_error(const Block& b, simdjson::dom::element instance);
  void report(std::uint32_t location, std::string_view keyword, std::string message);
  std::size_t mark() const { return errors_ ? errors_->size() : 0; }
  void rewind(std::size_t mark) {
    if (errors_) errors_->resize(mark);
  }

  const Program& program_;
  std::vector<ValidationError>* errors_;
  std::size_t max_errors_;
  boost::container::small_vector<std::uint32_t, 16> scope_;  // resources entered, outermost first (dynamic scope)
  std::size_t depth_ = 0;
  std::size_t steps_ = 0;
  // A limit was hit: the verdict is "invalid" whatever `not` or `anyOf` above would make of it.
  bool aborted_ = false;
  ValidationError abort_error_;
  std::string path_;                  // instance location, explain mode only
  std::unique_ptr<simdjson::dom::parser> name_parser_;  // for propertyNames
};

}  // namespace toolgate::schemas
