#include "schemas/json/json_number.hpp"

#include <cstdint>
#include <limits>
#include <string>

#include <gtest/gtest.h>

namespace toolgate::schemas {
namespace {

constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t int64_min = std::numeric_limits<std::int64_t>::min();
constexpr std::uint64_t uint64_max = std::numeric_limits<std::uint64_t>::max();

class NumberTest : public ::testing::Test {
 protected:
  // Numbers as simdjson parses them from JSON text, so the representation is the parser's.
  JsonNumber number(const std::string& json) { return to_json_number(parser_.parse(json).value()); }

  bool multiple(const std::string& value, const std::string& divisor) {
    return is_multiple_of(number(value), number(divisor));
  }

  simdjson::dom::parser parser_;
};

TEST_F(NumberTest, KeepsTheParsersRepresentation) {
  EXPECT_EQ(number("1"), JsonNumber{std::int64_t{1}});
  EXPECT_EQ(number("-9223372036854775808"), JsonNumber{int64_min});
  EXPECT_EQ(number("9223372036854775808"), JsonNumber{std::uint64_t{9223372036854775808ULL}});
  EXPECT_EQ(number("18446744073709551615"), JsonNumber{uint64_max});
  EXPECT_EQ(number("1.0"), JsonNumber{1.0});
  EXPECT_EQ(number("1e2"), JsonNumber{100.0});
  EXPECT_EQ(number("18446744073709551616.0"), JsonNumber{18446744073709551616.0});
  EXPECT_EQ(number("-0"), JsonNumber{std::int64_t{0}});
}

TEST(CompareNumbersTest, SameRepresentation) {
  EXPECT_EQ(compare_numbers(std::int64_t{-1}, std::int64_t{1}), -1);
  EXPECT_EQ(compare_numbers(std::int64_t{5}, std::int64_t{5}), 0);
  EXPECT_EQ(compare_numbers(uint64_max, std::uint64_t{uint64_max - 1}), 1);
  EXPECT_EQ(compare_numbers(0.5, 0.25), 1);
  EXPECT_EQ(compare_numbers(-0.0, 0.0), 0);
}

TEST(CompareNumbersTest, MixedIntegersAreExact) {
  EXPECT_EQ(compare_numbers(std::int64_t{-1}, uint64_max), -1);
  EXPECT_EQ(compare_numbers(uint64_max, int64_min), 1);
  EXPECT_EQ(compare_numbers(std::uint64_t{7}, std::int64_t{7}), 0);
  EXPECT_EQ(compare_numbers(std::uint64_t{9223372036854775808ULL}, int64_max), 1);
}

TEST(CompareNumbersTest, DoublesAgainstIntegersDoNotRound) {
  // 2^53 + 1 has no double; the nearest double is 2^53.
  EXPECT_EQ(compare_numbers(std::int64_t{9007199254740993}, 9007199254740992.0), 1);
  EXPECT_EQ(compare_numbers(9007199254740992.0, std::int64_t{9007199254740993}), -1);
  EXPECT_EQ(compare_numbers(9007199254740992.0, std::int64_t{9007199254740992}), 0);
  // int64 max (2^63 - 1) rounds to 2^63 as a double; the comparison must not.
  EXPECT_EQ(compare_numbers(int64_max, 9223372036854775808.0), -1);
  EXPECT_EQ(compare_numbers(std::uint64_t{9223372036854775808ULL}, 9223372036854775808.0), 0);
  EXPECT_EQ(compare_numbers(uint64_max, 18446744073709551616.0), -1);
  EXPECT_EQ(compare_numbers(18446744073709549568.0, uint64_max), -1);
  EXPECT_EQ(compare_numbers(int64_min, -9223372036854775808.0), 0);
  EXPECT_EQ(compare_numbers(int64_min, -9223372036854777856.0), 1);
  EXPECT_EQ(compare_numbers(std::int64_t{1}, 1.0), 0);
  EXPECT_EQ(compare_numbers(std::int64_t{0}, -0.0), 0);
  EXPECT_EQ(compare_numbers(std::int64_t{1}, 1.0000000000000002), -1);
  EXPECT_EQ(compare_numbers(std::int64_t{1}, 0.9999999999999999), 1);
  EXPECT_EQ(compare_numbers(std::int64_t{-2}, -1.5), -1);
  EXPECT_EQ(compare_numbers(std::int64_t{-1}, -1.5), 1);
  EXPECT_EQ(compare_numbers(-0.5, std::int64_t{0}), -1);
  EXPECT_EQ(compare_numbers(1e300, uint64_max), 1);
  EXPECT_EQ(compare_numbers(-1e300, int64_min), -1);
  EXPECT_EQ(compare_numbers(std::numeric_limits<double>::max(), std::int64_t{0}), 1);
  EXPECT_EQ(compare_numbers(std::numeric_limits<double>::denorm_min(), std::int64_t{0}), 1);
}

TEST(IsIntegralTest, IntegersAndWholeDoubles) {
  EXPECT_TRUE(is_integral(std::int64_t{-3}));
  EXPECT_TRUE(is_integral(uint64_max));
  EXPECT_TRUE(is_integral(1.0));
  EXPECT_TRUE(is_integral(-0.0));
  EXPECT_TRUE(is_integral(1e308));
  EXPECT_TRUE(is_integral(-4503599627370496.0));
  EXPECT_FALSE(is_integral(0.5));
  EXPECT_FALSE(is_integral(-1.000000000000001));
  EXPECT_FALSE(is_integral(4503599627370495.5));
  EXPECT_FALSE(is_integral(std::numeric_limits<double>::denorm_min()));
}

TEST_F(NumberTest, MultipleOfDecimals) {
  EXPECT_TRUE(multiple("0.0075", "0.0001"));
  EXPECT_FALSE(multiple("0.00751", "0.0001"));
  EXPECT_TRUE(multiple("19.99", "0.01"));
  EXPECT_TRUE(multiple("0.3", "0.1"));
  EXPECT_TRUE(multiple("4.5", "1.5"));
  EXPECT_FALSE(multiple("35", "1.5"));
  EXPECT_TRUE(multiple("7.5", "2.5"));
  EXPECT_FALSE(multiple("0.123456789", "0.0001"));
  EXPECT_TRUE(multiple("0.0001", "0.0001"));
  EXPECT_FALSE(multiple("0.00005", "0.0001"));
  EXPECT_TRUE(multiple("1.1", "0.01"));
  EXPECT_TRUE(multiple("12.34", "0.02"));
  EXPECT_FALSE(multiple("12.35", "0.02"));
  EXPECT_TRUE(multiple("1e-300", "1e-310"));
  EXPECT_FALSE(multiple("1e-310", "1e-300"));
  EXPECT_TRUE(multiple("5e-324", "5e-324"));
}

TEST_F(NumberTest, MultipleOfLargeValues) {
  // The suite's float-overflow cases: 1e308 / 0.5 overflows a double but is an integer.
  EXPECT_TRUE(multiple("1e308", "0.5"));
  EXPECT_FALSE(multiple("1e308", "0.123456789"));
  EXPECT_TRUE(multiple("12391239123", "1e-8"));
  EXPECT_TRUE(multiple("1e308", "1e308"));
  EXPECT_TRUE(multiple("1e308", "1e-300"));
  EXPECT_FALSE(multiple("1e-300", "1e308"));
  EXPECT_FALSE(multiple("1e20", "3"));
  EXPECT_TRUE(multiple("1e20", "4"));
  EXPECT_TRUE(multiple("1e20", "1e19"));
  EXPECT_FALSE(multiple("1e20", "3e19"));
  EXPECT_TRUE(multiple("1e20", "6.25e-2"));
}

TEST_F(NumberTest, MultipleOfExtremeIntegers) {
  // 2^64 - 1 = 3 * 5 * 17 * 257 * 641 * 65537 * 6700417.
  EXPECT_TRUE(multiple("18446744073709551615", "3"));
  EXPECT_TRUE(multiple("18446744073709551615", "6700417"));
  EXPECT_FALSE(multiple("18446744073709551615", "2"));
  EXPECT_FALSE(multiple("18446744073709551615", "7"));
  EXPECT_TRUE(multiple("18446744073709551615", "18446744073709551615"));
  EXPECT_FALSE(multiple("18446744073709551614", "18446744073709551615"));
  EXPECT_TRUE(multiple("18446744073709551615", "0.5"));
  EXPECT_TRUE(multiple("18446744073709551615", "1e-5"));
  EXPECT_FALSE(multiple("18446744073709551615", "1e1"));
  // 2^63 - 1 = 7^2 * 73 * 127 * 337 * 92737 * 649657.
  EXPECT_TRUE(multiple("9223372036854775807", "49"));
  EXPECT_FALSE(multiple("9223372036854775807", "343"));
  EXPECT_TRUE(multiple("-9223372036854775808", "1024"));
  EXPECT_TRUE(multiple("-9223372036854775808", "9223372036854775808"));
  EXPECT_FALSE(multiple("-9223372036854775808", "3"));
  EXPECT_FALSE(multiple("5", "18446744073709551615"));
}

TEST_F(NumberTest, MultipleOfSignsAndZero) {
  EXPECT_TRUE(multiple("-0.0075", "0.0001"));
  EXPECT_TRUE(multiple("-4.5", "1.5"));
  EXPECT_FALSE(multiple("-35", "1.5"));
  EXPECT_TRUE(multiple("-10", "5"));
  EXPECT_TRUE(multiple("0", "1.5"));
  EXPECT_TRUE(multiple("-0.0", "0.0001"));
  EXPECT_TRUE(multiple("0.0", "18446744073709551615"));
}

TEST_F(NumberTest, MultipleOfMixedRepresentations) {
  EXPECT_TRUE(multiple("10.0", "5"));
  EXPECT_FALSE(multiple("10.5", "5"));
  EXPECT_TRUE(multiple("10", "2.5"));
  EXPECT_FALSE(multiple("10", "0.3"));
  EXPECT_TRUE(multiple("9", "0.3"));
  // Exact on the decimal text: 0.30000000000000004 is not a multiple of 0.1.
  EXPECT_FALSE(multiple("0.30000000000000004", "0.1"));
  EXPECT_TRUE(multiple("0.30000000000000004", "0.00000000000000001"));
  EXPECT_TRUE(multiple("1.7976931348623157e308", "1e292"));
  EXPECT_FALSE(multiple("1.7976931348623157e308", "2e292"));
}

TEST(IsMultipleOfTest, RejectsAZeroDivisorInsteadOfDividing) {
  EXPECT_FALSE(is_multiple_of(std::int64_t{4}, std::int64_t{0}));
  EXPECT_FALSE(is_multiple_of(4.0, 0.0));
}

}  // namespace
}  // namespace toolgate::schemas
