#include "schemas/json/json_equal.hpp"

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace toolgate::schemas {
namespace {

// Keeps every parsed document alive: a dom::element borrows its parser's buffers.
class JsonEqualTest : public ::testing::Test {
 protected:
  simdjson::dom::element parse(const std::string& json) {
    parsers_.push_back(std::make_unique<simdjson::dom::parser>());
    return parsers_.back()->parse(json).value();
  }

  void expect_equal(const std::string& a, const std::string& b) {
    const auto left = parse(a);
    const auto right = parse(b);
    EXPECT_TRUE(json_equal(left, right)) << a << " vs " << b;
    EXPECT_TRUE(json_equal(right, left)) << b << " vs " << a;
    EXPECT_EQ(json_hash(left), json_hash(right)) << a << " vs " << b;
  }

  void expect_different(const std::string& a, const std::string& b) {
    const auto left = parse(a);
    const auto right = parse(b);
    EXPECT_FALSE(json_equal(left, right)) << a << " vs " << b;
    EXPECT_FALSE(json_equal(right, left)) << b << " vs " << a;
  }

  std::vector<std::unique_ptr<simdjson::dom::parser>> parsers_;
};

TEST_F(JsonEqualTest, Scalars) {
  expect_equal("null", "null");
  expect_equal("true", "true");
  expect_equal("false", "false");
  expect_different("true", "false");
  expect_different("null", "false");
  expect_different("0", "false");
  expect_different("1", "true");
  expect_different("\"1\"", "1");
  expect_different("null", "\"null\"");
  expect_different("[]", "{}");
  expect_different("[]", "null");
}

TEST_F(JsonEqualTest, NumbersCompareByMathematicalValue) {
  expect_equal("1", "1.0");
  expect_equal("1", "1e0");
  expect_equal("100", "1e2");
  expect_equal("-0.0", "0");
  expect_equal("-0.0", "0.0");
  expect_equal("-0", "0");
  expect_equal("0.5", "5e-1");
  expect_equal("-3", "-3.0");
  expect_equal("9007199254740992", "9007199254740992.0");
  expect_equal("9223372036854775808", "9223372036854775808.0");
  expect_equal("18446744073709551615", "18446744073709551615");
  expect_equal("-9223372036854775808", "-9223372036854775808.0");
  expect_equal("1e308", "10e307");
  expect_different("9007199254740993", "9007199254740992.0");
  expect_different("9223372036854775807", "9223372036854775808.0");
  expect_different("18446744073709551615", "18446744073709551616.0");
  expect_equal("18446744073709551616.0", "1.8446744073709551616e19");
  expect_different("1", "1.0000000000000002");
  expect_different("1", "-1");
  expect_different("0.1", "0.2");
  expect_different("1", "2");
}

TEST_F(JsonEqualTest, StringsCompareAfterUnescaping) {
  expect_equal(R"("abc")", R"("abc")");
  expect_equal(R"("\u0061")", R"("a")");
  expect_equal(R"("\/")", R"("/")");
  expect_equal(R"("\u00e9")", "\"\xc3\xa9\"");
  expect_equal(R"("\ud83d\ude00")", "\"\xf0\x9f\x98\x80\"");
  expect_equal(R"("")", R"("")");
  expect_different(R"("abc")", R"("abd")");
  expect_different(R"("abc")", R"("ab")");
  expect_different(R"("A")", R"("a")");
  // Canonically equivalent Unicode is still different bytes: JSON equality is not normalising.
  expect_different(R"("\u00e9")", R"("e\u0301")");
  expect_different(R"("a\u0000b")", R"("a")");
}

TEST_F(JsonEqualTest, ArraysAreOrdered) {
  expect_equal("[]", "[]");
  expect_equal("[1, 2, 3]", "[1.0, 2, 3e0]");
  expect_equal("[[1], {\"a\": [null]}]", "[[1.0], {\"a\": [null]}]");
  expect_different("[1, 2]", "[2, 1]");
  expect_different("[1, 2]", "[1, 2, 3]");
  expect_different("[1]", "[[1]]");
  expect_different("[]", "[null]");
  expect_different("[false]", "[0]");
}

TEST_F(JsonEqualTest, ObjectsIgnoreMemberOrder) {
  expect_equal("{}", "{}");
  expect_equal(R"({"a": 1, "b": 2})", R"({"b": 2.0, "a": 1})");
  expect_equal(R"({"a": {"x": [1, {"y": null}], "z": true}, "b": "s"})",
               R"({"b": "s", "a": {"z": true, "x": [1.0, {"y": null}]}})");
  expect_equal(R"({"a": 1, "b": 2, "c": 3, "d": 4})", R"({"a": 1, "c": 3, "b": 2, "d": 4})");
  expect_equal(R"({"\u0061": 1})", R"({"a": 1})");
  expect_different(R"({"a": 1})", R"({"a": 2})");
  expect_different(R"({"a": 1})", R"({"b": 1})");
  expect_different(R"({"a": 1})", R"({"a": 1, "b": 2})");
  expect_different(R"({"a": 1, "b": 2})", R"({"a": 1, "c": 2})");
  expect_different(R"({"a": null})", "{}");
  expect_different(R"({"a": {"b": 1}})", R"({"a": {"b": true}})");
}

TEST_F(JsonEqualTest, HashesAgreeWithEqualityAndSpreadDifferentValues) {
  const std::vector<std::string> distinct = {
      "null", "true", "false", "0", "1", "-1", "0.5", "-0.5", "2", "1e300", "18446744073709551615",
      "-9223372036854775808", "9007199254740993", "\"\"", "\"a\"", "\"b\"", "[]", "[0]", "[1, 2]", "[2, 1]",
      "{}", R"({"a": 1})", R"({"a": 2})", R"({"b": 1})", R"({"a": 1, "b": 2})", R"({"a": [1]})"};
  std::vector<std::size_t> hashes;
  for (const auto& json : distinct) {
    hashes.push_back(json_hash(parse(json)));
  }
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    for (std::size_t j = i + 1; j < hashes.size(); ++j) {
      EXPECT_NE(hashes[i], hashes[j]) << distinct[i] << " vs " << distinct[j];
      EXPECT_FALSE(json_equal(parse(distinct[i]), parse(distinct[j]))) << distinct[i] << " vs " << distinct[j];
    }
  }
}

TEST_F(JsonEqualTest, DeepNestingCompares) {
  std::string deep_a;
  std::string deep_b;
  for (int i = 0; i < 200; ++i) {
    deep_a += R"({"k": [)";
    deep_b += R"({"k": [)";
  }
  deep_a += "1";
  deep_b += "1.0";
  for (int i = 0; i < 200; ++i) {
    deep_a += "]}";
    deep_b += "]}";
  }
  expect_equal(deep_a, deep_b);
}

TEST_F(JsonEqualTest, LargeObjectsInReverseOrder) {
  std::string forward = "{";
  std::string backward = "{";
  constexpr int members = 500;
  const auto append_member = [](std::string& object, int key) {
    if (object.size() > 1) {
      object.push_back(',');
    }
    const std::string digits = std::to_string(key);
    object.append("\"k").append(digits).append("\":").append(digits);
  };
  for (int i = 0; i < members; ++i) {
    append_member(forward, i);
    append_member(backward, members - 1 - i);
  }
  std::string extended = backward;
  extended.append(",\"extra\":0}");
  forward.push_back('}');
  backward.push_back('}');
  expect_equal(forward, backward);
  expect_different(forward, extended);
}

}  // namespace
}  // namespace toolgate::schemas
