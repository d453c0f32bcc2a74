// Keyword semantics that differ between dialects, for the drafts the official suite copy here
// does not cover (draft-04, draft-06, 2019-09).
#include "validator_test_util.hpp"

#include "schemas/validator/dialect.hpp"
#include "schemas/validator/registry.hpp"

namespace toolgate::schemas::testing {
namespace {

CompileOptions dialect(Dialect d) {
  CompileOptions options;
  options.default_dialect = d;
  return options;
}

TEST(DialectNamesTest, NamesAndUris) {
  EXPECT_EQ(dialect_from_name("2020-12"), Dialect::draft2020_12);
  EXPECT_EQ(dialect_from_name("draft7"), Dialect::draft7);
  EXPECT_EQ(dialect_from_name("draft4"), Dialect::draft4);
  EXPECT_FALSE(dialect_from_name("draft5"));
  EXPECT_EQ(dialect_from_uri("http://json-schema.org/draft-04/schema#"), Dialect::draft4);
  EXPECT_EQ(dialect_from_uri("https://json-schema.org/draft-07/schema"), Dialect::draft7);
  EXPECT_EQ(dialect_from_uri("https://json-schema.org/draft/2019-09/schema"), Dialect::draft2019_09);
  EXPECT_FALSE(dialect_from_uri("https://example.com/schema"));
  for (Dialect d : {Dialect::draft4, Dialect::draft6, Dialect::draft7, Dialect::draft2019_09, Dialect::draft2020_12}) {
    EXPECT_EQ(dialect_from_uri(dialect_uri(d)), d);
  }
}

TEST(DialectDraft4Test, BooleanExclusiveBoundsModifyMinimumAndMaximum) {
  auto s = compile_ok(R"({"minimum": 1, "exclusiveMinimum": true, "maximum": 3, "exclusiveMaximum": true})",
                      dialect(Dialect::draft4));
  EXPECT_FALSE(is_valid(s, "1"));
  EXPECT_TRUE(is_valid(s, "2"));
  EXPECT_FALSE(is_valid(s, "3"));
  auto inclusive = compile_ok(R"({"maximum": 3, "exclusiveMaximum": false})", dialect(Dialect::draft4));
  EXPECT_TRUE(is_valid(inclusive, "3"));
}

TEST(DialectDraft4Test, IdIsSpelledWithoutDollarAndRefIgnoresSiblings) {
  auto s = compile_ok(R"({"id": "http://example.com/root.json",
                         "definitions": {"a": {"id": "#foo", "type": "integer"}},
                         "properties": {"x": {"$ref": "#foo", "type": "string"}}})",
                      dialect(Dialect::draft4));
  EXPECT_TRUE(is_valid(s, R"({"x": 1})"));
  EXPECT_FALSE(is_valid(s, R"({"x": "one"})"));
}

TEST(DialectDraft4Test, LaterKeywordsAreUnknown) {
  auto s = compile_ok(R"({"const": 1, "contains": {"type": "string"}, "if": false})", dialect(Dialect::draft4));
  EXPECT_TRUE(is_valid(s, "[2]"));
  EXPECT_TRUE(is_valid(s, "2"));
}

TEST(DialectDraft6Test, ConstContainsAndPropertyNamesButNoIf) {
  auto s = compile_ok(R"({"propertyNames": {"maxLength": 3}, "contains": {"const": 1}, "if": false, "else": false})",
                      dialect(Dialect::draft6));
  EXPECT_TRUE(is_valid(s, "[0, 1]"));
  EXPECT_FALSE(is_valid(s, "[0, 2]"));
  EXPECT_TRUE(is_valid(s, R"({"abc": 1})"));
  EXPECT_FALSE(is_valid(s, R"({"abcd": 1})"));
  auto exclusive = compile_ok(R"({"exclusiveMaximum": 3})", dialect(Dialect::draft6));
  EXPECT_FALSE(is_valid(exclusive, "3"));
}

TEST(DialectDraft2019Test, ItemsArrayWithAdditionalItems) {
  auto s = compile_ok(R"({"items": [{"type": "integer"}, {"type": "string"}], "additionalItems": false})",
                      dialect(Dialect::draft2019_09));
  EXPECT_TRUE(is_valid(s, R"([1, "a"])"));
  EXPECT_FALSE(is_valid(s, R"([1, "a", 2])"));
  EXPECT_FALSE(is_valid(s, R"(["a"])"));
  // prefixItems is a 2020-12 keyword: unknown here.
  auto p = compile_ok(R"({"prefixItems": [false]})", dialect(Dialect::draft2019_09));
  EXPECT_TRUE(is_valid(p, "[1]"));
}

TEST(DialectDraft2019Test, UnevaluatedItemsSeesItemsArray) {
  auto s = compile_ok(R"({"allOf": [{"items": [true]}], "unevaluatedItems": false})", dialect(Dialect::draft2019_09));
  EXPECT_TRUE(is_valid(s, "[1]"));
  EXPECT_FALSE(is_valid(s, "[1, 2]"));
}

// The 2019-09 way to extend a recursive schema: $recursiveRef follows $recursiveAnchor outward.
TEST(DialectDraft2019Test, RecursiveRefExtendsTheOuterSchema) {
  SchemaRegistry registry;
  registry.add("https://example.com/tree", R"({
      "$schema": "https://json-schema.org/draft/2019-09/schema",
      "$id": "https://example.com/tree", "$recursiveAnchor": true,
      "type": "object",
      "properties": {"data": true, "children": {"type": "array", "items": {"$recursiveRef": "#"}}}})");
  CompileOptions options = dialect(Dialect::draft2019_09);
  options.registry = &registry;
  auto strict = compile_ok(R"({"$schema": "https://json-schema.org/draft/2019-09/schema",
                               "$id": "https://example.com/strict-tree", "$recursiveAnchor": true,
                               "$ref": "tree", "unevaluatedProperties": false})",
                           options);
  EXPECT_TRUE(is_valid(strict, R"({"children": [{"data": 1}]})"));
  // The misspelt key deep in the tree is caught because the recursion re-enters strict-tree.
  EXPECT_FALSE(is_valid(strict, R"({"children": [{"daat": 1}]})"));
  auto plain = compile_ok(R"({"$ref": "https://example.com/tree"})", options);
  EXPECT_TRUE(is_valid(plain, R"({"children": [{"daat": 1}]})"));
}

TEST(DialectDraft2019Test, RecursiveRefWithoutAnchorIsAPlainRef) {
  auto s = compile_ok(R"({"properties": {"next": {"$recursiveRef": "#"}, "v": {"type": "integer"}}})",
                      dialect(Dialect::draft2019_09));
  EXPECT_TRUE(is_valid(s, R"({"v": 1, "next": {"v": 2}})"));
  EXPECT_FALSE(is_valid(s, R"({"v": 1, "next": {"v": "2"}})"));
}

TEST(DialectDraft2019Test, DependentKeywordsAndContainsBounds) {
  auto s = compile_ok(R"({"dependentRequired": {"a": ["b"]}, "dependentSchemas": {"c": {"required": ["d"]}},
                         "contains": {"type": "integer"}, "minContains": 2, "maxContains": 3})",
                      dialect(Dialect::draft2019_09));
  EXPECT_FALSE(is_valid(s, R"({"a": 1})"));
  EXPECT_TRUE(is_valid(s, R"({"a": 1, "b": 2})"));
  EXPECT_FALSE(is_valid(s, R"({"c": 1})"));
  EXPECT_FALSE(is_valid(s, "[1]"));
  EXPECT_TRUE(is_valid(s, "[1, 2, \"x\"]"));
  EXPECT_FALSE(is_valid(s, "[1, 2, 3, 4]"));
}

TEST(DialectSchemaKeywordTest, SchemaKeywordOverridesTheDefault) {
  auto s = compile_ok(R"({"$schema": "http://json-schema.org/draft-04/schema#", "maximum": 3, "exclusiveMaximum": true})");
  EXPECT_EQ(s->dialect(), Dialect::draft4);
  EXPECT_FALSE(is_valid(s, "3"));
  auto unknown = compile_ok(R"({"$schema": "https://example.com/custom", "type": "string"})");
  EXPECT_EQ(unknown->dialect(), Dialect::draft2020_12);
}

}  // namespace
}  // namespace toolgate::schemas::testing
