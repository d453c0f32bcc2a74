// Parses the tool-related request fields: `tools`, `tool_choice` and `response_format`.
// Names follow OpenAI's rule (^[a-zA-Z0-9_-]{1,64}$); schemas are kept as minified JSON text.
#pragma once

#include <string_view>
#include <vector>

#include "backend/api/generate_request.hpp"
#include "gateway/openai/json_fields.hpp"

namespace toolgate::gateway::openai {

// ^[a-zA-Z0-9_-]{1,64}$, the rule for function and json_schema names.
bool is_valid_function_name(std::string_view name);

// Each reads its member of the request object `root`; absent or null leaves `out` untouched.
fields::Status parse_tools(const fields::ObjectReader& root, std::vector<backend::ToolDef>& out);
// Needs the parsed tools: a named choice must name one of them, "required" needs at least one.
fields::Status parse_tool_choice(const fields::ObjectReader& root,
                                 const std::vector<backend::ToolDef>& tools,
                                 backend::ToolChoice& out);
fields::Status parse_response_format(const fields::ObjectReader& root,
                                     backend::ResponseFormat& out);

}  // namespace toolgate::gateway::openai
