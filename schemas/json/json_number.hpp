// Exact arithmetic on JSON numbers as simdjson holds them (int64, uint64 or double):
// comparisons without rounding, integer-ness, and `multipleOf` exact for large and decimal values.
#pragma once

#include <cstdint>
#include <variant>

#include <simdjson.h>

namespace toolgate::schemas {

// A JSON number in the representation the parser chose.
using JsonNumber = std::variant<std::int64_t, std::uint64_t, double>;

// nullopt-free accessor: callers check element.is_number() first.
JsonNumber to_json_number(simdjson::dom::element number);

// Exact three-way comparison (-1, 0, 1) of mathematical values; no double rounding.
int compare_numbers(const JsonNumber& a, const JsonNumber& b);

// True for integers and for doubles with no fractional part (1.0 is an integer in draft-06+).
bool is_integral(const JsonNumber& value);

// True when value / divisor is an integer, computed exactly on the shortest decimal form of each
// double (so 0.0075 is a multiple of 0.0001 and 1e308 a multiple of 0.5). divisor > 0.
bool is_multiple_of(const JsonNumber& value, const JsonNumber& divisor);

}  // namespace toolgate::schemas
