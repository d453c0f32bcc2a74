#include "mcp/protocol/tool_arguments.hpp"

#include "schemas/json/json_parse.hpp"
#include "schemas/validator/schema_cache.hpp"

namespace toolgate::mcp {

std::optional<std::string> schema_violation(const schemas::CompiledSchema& schema, std::string_view instance_json,
                                            std::string_view what) {
  // One parser per thread: its buffers are reused across calls instead of allocated per tools/call.
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element instance;
  std::string prefix(what);
  if (schemas::parse_json(parser, instance_json, instance) != simdjson::SUCCESS) {
    return prefix + ": not valid JSON";
  }
  if (schema.is_valid(instance)) return std::nullopt;
  auto result = schema.validate(instance, 1);
  if (result.errors.empty()) return prefix + ": does not match the schema";
  const auto& error = result.errors.front();
  std::string out = prefix;
  out.append(error.instance_location);
  out.append(": ");
  out.append(error.message);
  out.append(" (schema keyword ");
  out.append(error.keyword);
  out.append(" at ");
  out.append(error.schema_location.empty() ? "#" : error.schema_location);
  out.push_back(')');
  return out;
}

schemas::CompiledSchemaPtr compile_tool_schema(std::string_view schema_json, std::string& error) {
  schemas::CompileOptions options;
  options.default_dialect = schemas::Dialect::draft2020_12;
  auto compiled = schemas::shared_schema_cache().get(schema_json, options);
  if (!compiled) {
    error = compiled.error().message + (compiled.error().schema_location.empty()
                                            ? std::string()
                                            : " (at " + compiled.error().schema_location + ")");
    return nullptr;
  }
  return *compiled;
}

}  // namespace toolgate::mcp
