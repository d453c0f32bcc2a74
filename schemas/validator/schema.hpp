// Compiles a JSON Schema into a flat instruction program and validates simdjson DOM instances with it.
// Compiled schemas are immutable and safe to share across threads; compile once, validate many times.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/system/result.hpp>
#include <simdjson.h>

#include "schemas/validator/dialect.hpp"

namespace toolgate::schemas {

class SchemaRegistry;
struct Program;

// Bounds that keep a hostile schema or instance from exhausting memory, stack or time.
struct SchemaLimits {
  std::size_t max_schema_bytes = 4u << 20;
  std::size_t max_schema_depth = 128;        // nesting of subschemas within one document
  std::size_t max_schema_nodes = 200'000;    // subschemas compiled, over all referenced documents
  std::size_t max_documents = 256;           // documents loaded through $ref
  std::size_t max_eval_depth = 1'000;        // nested subschema evaluations ($ref recursion included)
  std::size_t max_eval_steps = 5'000'000;    // subschema evaluations per instance (caps exponential schemas)
};

struct CompileOptions {
  Dialect default_dialect = Dialect::draft2020_12;  // when the root has no `$schema`
  bool assert_formats = false;                      // `format` is an annotation unless asked
  const SchemaRegistry* registry = nullptr;         // remote references; null: only bundled meta-schemas
  SchemaLimits limits{};
};

// Why a schema could not be compiled. `schema_location` is a JSON Pointer into the schema
// (or an absolute URI with a fragment for a referenced document).
struct SchemaError {
  std::string schema_location;
  std::string message;
};

// One reason an instance is invalid.
struct ValidationError {
  std::string instance_location;  // JSON Pointer into the instance, "" for the root
  std::string keyword;            // "required", "type", "$ref", ...
  std::string schema_location;    // JSON Pointer of the keyword in the root schema (URI#pointer when remote)
  std::string message;            // for people, e.g. "missing required property \"city\""
};

// An invalid result always carries at least one error. When a limit stops validation (evaluation
// depth or work, or a pattern's match limit), the instance is invalid and that is the only error.
struct ValidationResult {
  bool valid = true;
  std::vector<ValidationError> errors;  // empty when valid; at most `max_errors` entries
};

class CompiledSchema {
 public:
  ~CompiledSchema();
  CompiledSchema(const CompiledSchema&) = delete;
  CompiledSchema& operator=(const CompiledSchema&) = delete;

  // Fast path: a yes/no answer, stopping at the first failure.
  bool is_valid(simdjson::dom::element instance) const;

  // Explains a failure: the errors (deepest, most specific first) up to `max_errors`.
  ValidationResult validate(simdjson::dom::element instance, std::size_t max_errors) const;
  ValidationResult validate(simdjson::dom::element instance) const;

  Dialect dialect() const;

 private:
  friend boost::system::result<std::shared_ptr<const CompiledSchema>, SchemaError> compile_schema(
      std::string_view, const CompileOptions&);
  explicit CompiledSchema(std::unique_ptr<Program> program);
  std::unique_ptr<Program> program_;
};

using CompiledSchemaPtr = std::shared_ptr<const CompiledSchema>;

boost::system::result<CompiledSchemaPtr, SchemaError> compile_schema(simdjson::dom::element schema,
                                                                     const CompileOptions& options);
// Parses then compiles; a parse error is a SchemaError at location "".
boost::system::result<CompiledSchemaPtr, SchemaError> compile_schema(std::string_view schema_json,
                                                                     const CompileOptions& options);

}  // namespace toolgate::schemas
