// Tagged unions take a shortcut on the yes/no path; its verdicts must equal the full evaluation's
// (the is_valid helper checks is_valid against validate on every instance).
#include "validator_test_util.hpp"

namespace toolgate::schemas::testing {
namespace {

constexpr const char* kUnion = R"({"oneOf": [
  {"type": "object", "properties": {"kind": {"const": "a"}, "n": {"type": "integer"}}, "required": ["kind", "n"]},
  {"type": "object", "properties": {"kind": {"const": "b"}, "s": {"type": "string"}}, "required": ["kind"],
   "additionalProperties": false},
  {"$ref": "#/$defs/c"}],
  "$defs": {"c": {"type": "object", "properties": {"kind": {"const": "c"}}, "required": ["kind"]}}})";

TEST(TaggedUnionTest, TheTagSelectsTheBranch) {
  auto s = compile_ok(kUnion);
  EXPECT_TRUE(is_valid(s, R"({"kind": "a", "n": 1})"));
  EXPECT_FALSE(is_valid(s, R"({"kind": "a", "n": "1"})"));
  EXPECT_FALSE(is_valid(s, R"({"kind": "a"})"));
  EXPECT_TRUE(is_valid(s, R"({"kind": "b", "s": "x"})"));
  EXPECT_FALSE(is_valid(s, R"({"kind": "b", "n": 1})"));
  EXPECT_TRUE(is_valid(s, R"({"kind": "c", "anything": true})"));
}

TEST(TaggedUnionTest, MissingUnknownOrMistypedTagsFailEveryBranch) {
  auto s = compile_ok(kUnion);
  EXPECT_FALSE(is_valid(s, R"({"n": 1})"));
  EXPECT_FALSE(is_valid(s, R"({"kind": "d"})"));
  EXPECT_FALSE(is_valid(s, R"({"kind": 1})"));
  EXPECT_FALSE(is_valid(s, R"(["kind", "a"])"));
  EXPECT_FALSE(is_valid(s, R"("a")"));
  auto any = compile_ok(R"({"anyOf": [{"type": "object", "properties": {"t": {"const": "x"}}, "required": ["t"]},
                                      {"type": "object", "properties": {"t": {"const": "y"}}, "required": ["t"]}]})");
  EXPECT_TRUE(is_valid(any, R"({"t": "y"})"));
  EXPECT_FALSE(is_valid(any, R"({"t": "z"})"));
}

TEST(TaggedUnionTest, NotATaggedUnionWhenBranchesOverlapOrAcceptNonObjects) {
  // Same const twice: both branches can pass, so oneOf must see both.
  auto twice = compile_ok(R"({"oneOf": [{"type": "object", "properties": {"k": {"const": "a"}}, "required": ["k"]},
                                        {"type": "object", "properties": {"k": {"const": "a"}}, "required": ["k"]}]})");
  EXPECT_FALSE(is_valid(twice, R"({"k": "a"})"));
  // No `type: object`: a string passes both branches vacuously.
  auto untyped = compile_ok(R"({"oneOf": [{"properties": {"k": {"const": "a"}}, "required": ["k"]},
                                          {"properties": {"k": {"const": "b"}}, "required": ["k"]}]})");
  EXPECT_FALSE(is_valid(untyped, R"("text")"));
  EXPECT_TRUE(is_valid(untyped, R"({"k": "a"})"));
}

}  // namespace
}  // namespace toolgate::schemas::testing
