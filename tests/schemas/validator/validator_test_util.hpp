// Small helpers for validator tests: compile a schema text and check instance texts against it.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include <simdjson.h>

#include "schemas/validator/schema.hpp"

namespace toolgate::schemas::testing {

inline CompiledSchemaPtr compile_ok(std::string_view schema, const CompileOptions& options = {}) {
  auto compiled = compile_schema(schema, options);
  EXPECT_TRUE(compiled) << (compiled ? "" : compiled.error().schema_location + ": " + compiled.error().message);
  return compiled ? *compiled : nullptr;
}

inline SchemaError compile_error(std::string_view schema, const CompileOptions& options = {}) {
  auto compiled = compile_schema(schema, options);
  EXPECT_FALSE(compiled) << "schema compiled: " << schema;
  return compiled ? SchemaError{} : compiled.error();
}

inline bool is_valid(const CompiledSchemaPtr& schema, std::string_view instance) {
  simdjson::dom::parser parser;
  simdjson::dom::element element = parser.parse(instance.data(), instance.size()).value();
  const bool fast = schema->is_valid(element);
  EXPECT_EQ(fast, schema->validate(element).valid) << instance;
  return fast;
}

inline ValidationResult explain(const CompiledSchemaPtr& schema, std::string_view instance, std::size_t max = 16) {
  simdjson::dom::parser parser;
  simdjson::dom::element element = parser.parse(instance.data(), instance.size()).value();
  return schema->validate(element, max);
}

}  // namespace toolgate::schemas::testing
