#include "schemas/json/json_equal.hpp"

#include <cmath>
#include <cstdint>
#include <functional>
#include <string_view>

#include "schemas/json/json_number.hpp"

namespace toolgate::schemas {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

bool is_number(element_type type) {
  return type == element_type::INT64 || type == element_type::UINT64 || type == element_type::DOUBLE;
}

bool objects_equal(element a_value, element b_value) {
  simdjson::dom::object a;
  simdjson::dom::object b;
  if (a_value.get(a) != simdjson::SUCCESS || b_value.get(b) != simdjson::SUCCESS || a.size() != b.size()) {
    return false;
  }
  // Objects compared against each other usually share member order: walk both together and fall
  // back to a key lookup only where the order differs.
  auto b_member = b.begin();
  for (const auto member : a) {
    element b_member_value;
    if (b_member != b.end() && b_member.key() == member.key) {
      b_member_value = b_member.value();
    } else if (b.at_key(member.key).get(b_member_value) != simdjson::SUCCESS) {
      return false;
    }
    if (!json_equal(member.value, b_member_value)) {
      return false;
    }
    if (b_member != b.end()) {
      ++b_member;
    }
  }
  return true;
}

bool arrays_equal(element a_value, element b_value) {
  simdjson::dom::array a;
  simdjson::dom::array b;
  if (a_value.get(a) != simdjson::SUCCESS || b_value.get(b) != simdjson::SUCCESS || a.size() != b.size()) {
    return false;
  }
  auto b_item = b.begin();
  for (const auto a_item : a) {
    if (!json_equal(a_item, *b_item)) {
      return false;
    }
    ++b_item;
  }
  return true;
}

std::size_t mix(std::size_t value) {
  // splitmix64 finaliser: spreads every input bit over the whole word.
  std::uint64_t x = value;
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return static_cast<std::size_t>(x);
}

// Integral numbers hash by integer value whatever their representation, so 1, 1.0 and 1e0 agree;
// other doubles cannot equal an integer and hash by their bits (-0.0 is integral, so never here).
std::size_t number_hash(element value) {
  constexpr std::size_t negative_tag = 0x6e65676174697665ULL;
  constexpr std::size_t double_tag = 0x646f75626c650000ULL;
  switch (value.type()) {
    case element_type::INT64: {
      const std::int64_t number = value.get_int64().value_unsafe();
      return number < 0 ? mix(static_cast<std::size_t>(number) ^ negative_tag) : mix(static_cast<std::size_t>(number));
    }
    case element_type::UINT64:
      return mix(static_cast<std::size_t>(value.get_uint64().value_unsafe()));
    default:
      break;
  }
  const double number = value.get_double().value_unsafe();
  if (std::trunc(number) == number && number >= -9223372036854775808.0 && number < 18446744073709551616.0) {
    if (number < 0) {
      return mix(static_cast<std::size_t>(static_cast<std::int64_t>(number)) ^ negative_tag);
    }
    return mix(static_cast<std::size_t>(static_cast<std::uint64_t>(number)));
  }
  return mix(std::hash<double>{}(number) ^ double_tag);
}

}  // namespace

bool json_equal(element a, element b) {
  const element_type a_type = a.type();
  const element_type b_type = b.type();
  if (a_type != b_type) {
    return is_number(a_type) && is_number(b_type) && compare_numbers(to_json_number(a), to_json_number(b)) == 0;
  }
  switch (a_type) {
    case element_type::NULL_VALUE:
      return true;
    case element_type::BOOL:
      return a.get_bool().value_unsafe() == b.get_bool().value_unsafe();
    case element_type::INT64:
      return a.get_int64().value_unsafe() == b.get_int64().value_unsafe();
    case element_type::UINT64:
      return a.get_uint64().value_unsafe() == b.get_uint64().value_unsafe();
    case element_type::DOUBLE:
      return a.get_double().value_unsafe() == b.get_double().value_unsafe();
    case element_type::STRING:
      return a.get_string().value_unsafe() == b.get_string().value_unsafe();
    case element_type::ARRAY:
      return arrays_equal(a, b);
    case element_type::OBJECT:
      return objects_equal(a, b);
  }
  return false;
}

std::size_t json_hash(element value) {
  // Type tags keep small values of different types (true, 1, "") from sharing a hash.
  constexpr std::size_t null_hash = 0x9e3779b97f4a7c15ULL;
  constexpr std::size_t bool_tag = 0xc2b2ae3d27d4eb4fULL;
  constexpr std::size_t string_tag = 0x165667b19e3779f9ULL;
  constexpr std::size_t array_seed = 0xd6e8feb86659fd93ULL;
  constexpr std::size_t object_seed = 0xa0761d6478bd642fULL;
  switch (value.type()) {
    case element_type::NULL_VALUE:
      return mix(null_hash);
    case element_type::BOOL:
      return mix(bool_tag + (value.get_bool().value_unsafe() ? 1 : 0));
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE:
      return number_hash(value);
    case element_type::STRING:
      return mix(std::hash<std::string_view>{}(value.get_string().value_unsafe()) ^ string_tag);
    case element_type::ARRAY: {
      std::size_t hash = array_seed;
      simdjson::dom::array array;
      if (value.get(array) != simdjson::SUCCESS) {
        return hash;
      }
      for (const auto item : array) {
        hash = mix(hash + json_hash(item));
      }
      return hash;
    }
    case element_type::OBJECT: {
      // A sum of per-member hashes does not depend on member order.
      std::size_t hash = object_seed;
      simdjson::dom::object object;
      if (value.get(object) != simdjson::SUCCESS) {
        return hash;
      }
      for (const auto member : object) {
        hash += mix(std::hash<std::string_view>{}(member.key) ^ mix(json_hash(member.value) + 1));
      }
      return mix(hash);
    }
  }
  return 0;
}

}  // namespace toolgate::schemas
