// Checks a tools/call `arguments` object against the tool's compiled inputSchema, and a result's
// structuredContent against its outputSchema, producing one message that names the failing pointer.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "schemas/validator/schema.hpp"

namespace toolgate::mcp {

// nullopt when `instance_json` is valid; otherwise e.g. `arguments/city: missing required property "zip"`.
// `what` prefixes the pointer ("arguments", "structuredContent").
std::optional<std::string> schema_violation(const schemas::CompiledSchema& schema, std::string_view instance_json,
                                            std::string_view what);

// Compiles a tool's inputSchema/outputSchema (minified JSON) with the dialect MCP implies when `$schema`
// is absent (2020-12), through the shared cache; nullopt with `error` set when it does not compile.
schemas::CompiledSchemaPtr compile_tool_schema(std::string_view schema_json, std::string& error);

}  // namespace toolgate::mcp
