#include "schemas/json/json_number.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace toolgate::schemas {
namespace {

// GCC's 128-bit integers hold every int64 and uint64 exactly, and the product of two uint64s.
__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

constexpr double two_pow_64 = 18446744073709551616.0;

Int128 to_int128(const JsonNumber& number) {
  if (const auto* value = std::get_if<std::int64_t>(&number)) {
    return *value;
  }
  return std::get<std::uint64_t>(number);
}

int sign_of(double value) { return value < 0 ? -1 : (value > 0 ? 1 : 0); }

template <typename T>
int three_way(T a, T b) {
  return a < b ? -1 : (a > b ? 1 : 0);
}

// Exact comparison of a double with an integer: the double's integer part is exactly representable
// in 128 bits whenever it could be close, and its fractional part breaks ties.
int compare_double_integer(double a, Int128 b) {
  if (a >= two_pow_64) {
    return 1;
  }
  if (a <= -two_pow_64) {
    return -1;
  }
  const double whole = std::trunc(a);
  const int by_whole = three_way(static_cast<Int128>(whole), b);
  return by_whole != 0 ? by_whole : sign_of(a - whole);
}

// |number| as mantissa * 10^exponent: integers as they are, doubles in their shortest
// round-trip decimal form (what a person wrote, not the binary approximation).
struct Decimal {
  std::uint64_t mantissa = 0;
  int exponent = 0;
};

Decimal to_decimal(const JsonNumber& number) {
  if (const auto* value = std::get_if<std::int64_t>(&number)) {
    const auto magnitude = *value < 0 ? 0 - static_cast<std::uint64_t>(*value) : static_cast<std::uint64_t>(*value);
    return {magnitude, 0};
  }
  if (const auto* value = std::get_if<std::uint64_t>(&number)) {
    return {*value, 0};
  }
  // Scientific form keeps parsing trivial: "d[.ddd]e[+-]xx", at most 17 significant digits.
  char text[40];
  const auto end = std::to_chars(text, text + sizeof(text), std::fabs(std::get<double>(number)),
                                 std::chars_format::scientific).ptr;
  Decimal decimal;
  int fraction_digits = 0;
  bool in_fraction = false;
  const char* cursor = text;
  for (; cursor != end && *cursor != 'e'; ++cursor) {
    if (*cursor == '.') {
      in_fraction = true;
      continue;
    }
    decimal.mantissa = decimal.mantissa * 10 + static_cast<std::uint64_t>(*cursor - '0');
    fraction_digits += in_fraction ? 1 : 0;
  }
  int exponent = 0;
  if (cursor != end) {
    const char* digits = cursor + 1;
    if (*digits == '+') {
      ++digits;
    }
    std::from_chars(digits, end, exponent);
  }
  decimal.exponent = exponent - fraction_digits;
  return decimal;
}

std::uint64_t mul_mod(std::uint64_t a, std::uint64_t b, std::uint64_t modulus) {
  return static_cast<std::uint64_t>(static_cast<UInt128>(a) * b % modulus);
}

std::uint64_t pow10_mod(int exponent, std::uint64_t modulus) {
  std::uint64_t result = 1 % modulus;
  std::uint64_t base = 10 % modulus;
  for (; exponent > 0; exponent >>= 1) {
    if (exponent & 1) {
      result = mul_mod(result, base, modulus);
    }
    base = mul_mod(base, base, modulus);
  }
  return result;
}

}  // namespace

JsonNumber to_json_number(simdjson::dom::element number) {
  switch (number.type()) {
    case simdjson::dom::element_type::INT64:
      return number.get_int64().value_unsafe();
    case simdjson::dom::element_type::UINT64:
      return number.get_uint64().value_unsafe();
    default:
      return number.get_double().value_unsafe();
  }
}

int compare_numbers(const JsonNumber& a, const JsonNumber& b) {
  const auto* a_double = std::get_if<double>(&a);
  const auto* b_double = std::get_if<double>(&b);
  if (a_double && b_double) {
    return three_way(*a_double, *b_double);
  }
  if (a_double) {
    return compare_double_integer(*a_double, to_int128(b));
  }
  if (b_double) {
    return -compare_double_integer(*b_double, to_int128(a));
  }
  return three_way(to_int128(a), to_int128(b));
}

bool is_integral(const JsonNumber& value) {
  const auto* number = std::get_if<double>(&value);
  return !number || std::trunc(*number) == *number;
}

bool is_multiple_of(const JsonNumber& value, const JsonNumber& divisor) {
  const Decimal a = to_decimal(value);
  const Decimal b = to_decimal(divisor);
  if (b.mantissa == 0) {
    return false;
  }
  if (a.mantissa == 0) {
    return true;
  }
  // value / divisor = (a.m / b.m) * 10^(a.e - b.e).
  if (a.exponent >= b.exponent) {
    return mul_mod(a.mantissa % b.mantissa, pow10_mod(a.exponent - b.exponent, b.mantissa), b.mantissa) == 0;
  }
  // a.m must be divisible by b.m * 10^(b.e - a.e); a modulus above a.m (> 0) cannot divide it.
  UInt128 modulus = b.mantissa;
  for (int i = a.exponent; i < b.exponent; ++i) {
    modulus *= 10;
    if (modulus > a.mantissa) {
      return false;
    }
  }
  return a.mantissa % static_cast<std::uint64_t>(modulus) == 0;
}

}  // namespace toolgate::schemas
