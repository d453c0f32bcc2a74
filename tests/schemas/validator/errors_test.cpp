// What callers see: validation errors (instance location, keyword, schema location, message),
// compile errors naming the offending part, and the limits that stop hostile schemas.
#include "validator_test_util.hpp"

#include <chrono>
#include <thread>

#include "schemas/validator/registry.hpp"

namespace toolgate::schemas::testing {
namespace {

TEST(ValidationErrorsTest, NamesInstanceLocationKeywordAndSchemaLocation) {
  auto s = compile_ok(R"({"type": "object", "properties": {"items": {"type": "array",
                          "items": {"type": "object", "required": ["sku"], "properties": {"qty": {"minimum": 1}}}}}})");
  auto r = explain(s, R"({"items": [{"sku": "a", "qty": 1}, {"qty": 0}]})");
  ASSERT_FALSE(r.valid);
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].instance_location, "/items/1/qty");
  EXPECT_EQ(r.errors[0].keyword, "minimum");
  EXPECT_EQ(r.errors[0].schema_location, "/properties/items/items/properties/qty/minimum");
  EXPECT_EQ(r.errors[0].message, "value must be >= 1");
  EXPECT_EQ(r.errors[1].instance_location, "/items/1");
  EXPECT_EQ(r.errors[1].keyword, "required");
  EXPECT_EQ(r.errors[1].message, "missing required property \"sku\"");
}

TEST(ValidationErrorsTest, ManyRequiredNamesPastOneWordOfBits) {
  std::string schema = R"({"required": [)";
  std::string all = "{";
  for (int i = 0; i < 70; ++i) {
    schema += (i ? "," : "") + std::string("\"p") + std::to_string(i) + "\"";
    all += (i ? "," : "") + std::string("\"p") + std::to_string(i) + "\": 1";
  }
  schema += "]}";
  auto s = compile_ok(schema);
  EXPECT_TRUE(is_valid(s, all + "}"));
  const std::string missing_69 = all.substr(0, all.rfind(",")) + R"(, "p0": 2})";  // p69 dropped, p0 twice
  EXPECT_FALSE(is_valid(s, missing_69));
  auto r = explain(s, missing_69);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message, "missing required property \"p69\"");
}

TEST(ValidationErrorsTest, MaxErrorsBoundsTheList) {
  auto s = compile_ok(R"({"items": {"type": "string"}})");
  EXPECT_EQ(explain(s, "[1, 2, 3, 4]", 2).errors.size(), 2u);
  EXPECT_EQ(explain(s, "[1, 2, 3, 4]", 16).errors.size(), 4u);
}

TEST(ValidationErrorsTest, AdditionalPropertiesNamesTheProperty) {
  auto s = compile_ok(R"({"properties": {"a": true}, "additionalProperties": false})");
  auto r = explain(s, R"({"a": 1, "b\/c": 2})");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].instance_location, "/b~1c");
  EXPECT_EQ(r.errors[0].keyword, "additionalProperties");
  EXPECT_EQ(r.errors[0].message, "property \"b/c\" is not allowed");
}

TEST(ValidationErrorsTest, CombinatorsReportThemselvesNotTheirBranches) {
  auto s = compile_ok(R"({"anyOf": [{"type": "string"}, {"type": "integer"}]})");
  auto r = explain(s, "1.5");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].keyword, "anyOf");
  EXPECT_EQ(r.errors[0].schema_location, "/anyOf");
  EXPECT_TRUE(explain(s, "1").errors.empty());
  auto one = compile_ok(R"({"oneOf": [{"type": "number"}, {"type": "integer"}]})");
  auto both = explain(one, "1");
  ASSERT_EQ(both.errors.size(), 1u);
  EXPECT_EQ(both.errors[0].message, "value matches more than one oneOf alternative (0, 1)");
}

TEST(ValidationErrorsTest, RemoteLocationsCarryTheDocumentUri) {
  SchemaRegistry registry;
  registry.add("https://example.com/item.json", R"({"type": "integer"})");
  CompileOptions options;
  options.registry = &registry;
  auto s = compile_ok(R"({"items": {"$ref": "https://example.com/item.json"}})", options);
  auto r = explain(s, R"([1, "x"])");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].instance_location, "/1");
  EXPECT_EQ(r.errors[0].schema_location, "https://example.com/item.json#/type");
}

TEST(SchemaErrorsTest, NameTheOffendingPart) {
  auto e = compile_error(R"({"properties": {"a": {"type": "strin"}}})");
  EXPECT_EQ(e.schema_location, "/properties/a/type");
  EXPECT_EQ(e.message, "unknown type \"strin\"");
  e = compile_error(R"({"properties": {"a": {"pattern": "^(abc]"}}})");
  EXPECT_EQ(e.schema_location, "/properties/a/pattern");
  EXPECT_NE(e.message.find("invalid regular expression"), std::string::npos);
  e = compile_error(R"({"minLength": -1})");
  EXPECT_EQ(e.schema_location, "/minLength");
  e = compile_error(R"({"items": {"$ref": "#/$defs/missing"}})");
  EXPECT_EQ(e.schema_location, "/items/$ref");
  e = compile_error(R"({"$ref": "other.json"})");
  EXPECT_NE(e.message.find("no schema is registered"), std::string::npos);
  e = compile_error(R"({"$ref": "#nowhere"})");
  EXPECT_NE(e.message.find("no anchor \"nowhere\""), std::string::npos);
  e = compile_error(R"({"type": "object",)");
  EXPECT_EQ(e.schema_location, "");
  EXPECT_NE(e.message.find("not valid JSON"), std::string::npos);
  e = compile_error("[1]");
  EXPECT_EQ(e.message, "a schema must be an object or a boolean");
}

std::string nested_not(int levels) {
  std::string deep;
  for (int i = 0; i < levels; ++i) deep += R"({"not": )";
  deep += "true";
  for (int i = 0; i < levels; ++i) deep += "}";
  return deep;
}

TEST(SchemaLimitsTest, DeepNestingIsAnErrorNotAStackOverflow) {
  auto e = compile_error(nested_not(200));
  EXPECT_NE(e.message.find("deeper than 128"), std::string::npos) << e.message;
  e = compile_error(nested_not(5000));  // the parser's own depth limit answers first
  EXPECT_NE(e.message.find("too deep"), std::string::npos) << e.message;
  compile_ok(nested_not(100));
}

TEST(SchemaLimitsTest, SizeAndDocumentLimits) {
  CompileOptions options;
  options.limits.max_schema_bytes = 16;
  auto e = compile_error(R"({"type": "string", "minLength": 1})", options);
  EXPECT_NE(e.message.find("the limit is 16"), std::string::npos);
}

TEST(SchemaLimitsTest, ReferenceCycleWithoutProgressStopsWithAnError) {
  auto s = compile_ok(R"({"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"})");
  auto r = explain(s, "1");
  EXPECT_FALSE(r.valid);
  ASSERT_FALSE(r.errors.empty());
  EXPECT_NE(r.errors[0].message.find("nests deeper than"), std::string::npos);
}

TEST(SchemaLimitsTest, RecursiveSchemaOnDeepInstanceIsBounded) {
  CompileOptions options;
  options.limits.max_eval_depth = 500;
  auto s = compile_ok(R"({"$defs": {"node": {"type": "array", "items": {"$ref": "#/$defs/node"}}}, "$ref": "#/$defs/node"})",
                      options);
  std::string nested(600, '[');
  nested += std::string(600, ']');
  auto r = explain(s, nested);
  EXPECT_FALSE(r.valid);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].message.find("nests deeper than 500"), std::string::npos);
  std::string shallow(100, '[');
  shallow += std::string(100, ']');
  EXPECT_TRUE(is_valid(s, shallow));
}

TEST(SchemaLimitsTest, SingleKeywordCyclesThroughRefAreBounded) {
  // Found by fuzzing: allOf -> $ref -> the same allOf, every subschema one instruction.
  for (const char* schema : {R"({"allOf": [{"$ref": "#"}]})", R"({"not": {"$ref": "#"}})",
                             R"({"anyOf": [{"$ref": "#"}]})", R"({"if": {"$ref": "#"}})"}) {
    auto s = compile_ok(schema);
    auto r = explain(s, "{}");
    EXPECT_FALSE(r.valid) << schema;
    ASSERT_EQ(r.errors.size(), 1u) << schema;
    EXPECT_NE(r.errors[0].message.find("nests deeper than"), std::string::npos) << schema;
    EXPECT_FALSE(is_valid(s, "{}")) << schema;
  }
}

TEST(SchemaLimitsTest, ExponentialExpansionHitsTheWorkBudget) {
  // Each level evaluates the next twice: 2^40 evaluations without a budget.
  std::string schema = R"({"$defs": {"a0": {"type": "integer"})";
  for (int i = 1; i <= 40; ++i) {
    schema += ", \"a" + std::to_string(i) + "\": {\"allOf\": [{\"$ref\": \"#/$defs/a" + std::to_string(i - 1) +
              "\"}, {\"$ref\": \"#/$defs/a" + std::to_string(i - 1) + "\"}]}";
  }
  schema += R"(}, "$ref": "#/$defs/a40"})";
  auto s = compile_ok(schema);
  const auto start = std::chrono::steady_clock::now();
  auto r = explain(s, "1");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_FALSE(r.valid);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].message.find("subschema evaluations"), std::string::npos);
}

TEST(SchemaLimitsTest, ALimitUnderNotStillMeansInvalid) {
  auto cycle = compile_ok(R"({"$defs": {"a": {"oneOf": [{"$ref": "#/$defs/a"}, {"$ref": "#/$defs/a"}]}},
                              "not": {"$ref": "#/$defs/a"}})");
  EXPECT_FALSE(is_valid(cycle, "{}"));
  auto hostile = compile_ok(R"({"not": {"pattern": "^(a+)+$"}})");
  EXPECT_FALSE(is_valid(hostile, "\"" + std::string(40, 'a') + "!\""));
}

TEST(SchemaErrorsTest, NonSchemaArrayMembersAreRejected) {
  CompileOptions draft7;
  draft7.default_dialect = Dialect::draft7;
  EXPECT_EQ(compile_error(R"({"items": [true, "uri"]})", draft7).schema_location, "/items");
  EXPECT_EQ(compile_error(R"({"prefixItems": [true, 1e308]})").schema_location, "/prefixItems");
  EXPECT_EQ(compile_error(R"({"anyOf": [{}, 3]})").schema_location, "/anyOf");
}

TEST(NumbersTest, ExactMultipleOfAndLargeIntegers) {
  auto s = compile_ok(R"({"multipleOf": 0.01})");
  EXPECT_TRUE(is_valid(s, "19.99"));
  EXPECT_FALSE(is_valid(s, "19.991"));
  auto big = compile_ok(R"({"maximum": 9007199254740992})");
  EXPECT_FALSE(is_valid(big, "9007199254740993"));
  EXPECT_TRUE(is_valid(big, "9007199254740992.0"));
  auto integer = compile_ok(R"({"type": "integer"})");
  EXPECT_TRUE(is_valid(integer, "1.0"));
  EXPECT_FALSE(is_valid(integer, "1.5"));
  EXPECT_TRUE(is_valid(integer, "18446744073709551615"));
}

TEST(FormatsTest, AnnotationByDefaultAssertionWhenAsked) {
  auto annotation = compile_ok(R"({"format": "date-time"})");
  EXPECT_TRUE(is_valid(annotation, R"("yesterday")"));
  CompileOptions options;
  options.assert_formats = true;
  auto assertion = compile_ok(R"({"format": "date-time"})", options);
  EXPECT_FALSE(is_valid(assertion, R"("yesterday")"));
  EXPECT_TRUE(is_valid(assertion, R"("2026-11-23T14:00:00Z")"));
  auto r = explain(assertion, R"("yesterday")");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message, "string is not a valid \"date-time\"");
}

TEST(ConcurrencyTest, OneCompiledSchemaSharedByThreads) {
  auto s = compile_ok(R"({"type": "object", "properties": {"n": {"type": "integer", "multipleOf": 3}},
                          "patternProperties": {"^x-": {"type": "string"}}, "unevaluatedProperties": false})");
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      simdjson::dom::parser parser;
      for (int i = 0; i < 2000; ++i) {
        std::string doc = R"({"n": )" + std::to_string(i + t) + R"(, "x-a": "b"})";
        bool expected = (i + t) % 3 == 0;
        if (s->is_valid(parser.parse(doc).value()) != expected) ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace toolgate::schemas::testing
