#include "schemas/validator/schema.hpp"

#include "schemas/validator/compiler.hpp"
#include "schemas/validator/evaluator.hpp"

namespace toolgate::schemas {

CompiledSchema::CompiledSchema(std::unique_ptr<Program> program) : program_(std::move(program)) {}

CompiledSchema::~CompiledSchema() = default;

bool CompiledSchema::is_valid(simdjson::dom::element instance) const {
  Evaluator evaluator(*program_, nullptr, 0);
  return evaluator.run(instance);
}

ValidationResult CompiledSchema::validate(simdjson::dom::element instance, std::size_t max_errors) const {
  ValidationResult result;
  Evaluator evaluator(*program_, &result.errors, max_errors);
  result.valid = evaluator.run(instance);
  return result;
}

ValidationResult CompiledSchema::validate(simdjson::dom::element instance) const { return validate(instance, 16); }

Dialect CompiledSchema::dialect() const { return program_->dialect; }

boost::system::result<CompiledSchemaPtr, SchemaError> compile_schema(std::string_view schema_json,
                                                                     const CompileOptions& options) {
  auto program = compile_program(schema_json, options);
  if (!program) return program.error();
  return CompiledSchemaPtr(new CompiledSchema(std::move(*program)));
}

boost::system::result<CompiledSchemaPtr, SchemaError> compile_schema(simdjson::dom::element schema,
                                                                     const CompileOptions& options) {
  // The program keeps its own copy of the document: the caller's parser may be reused.
  return compile_schema(std::string_view(simdjson::minify(schema)), options);
}

}  // namespace toolgate::schemas
