// Parses the `messages` array of a chat request into backend messages: roles, text-only content,
// assistant tool calls (arguments must be a JSON object) and tool results answering earlier calls.
#pragma once

#include <vector>

#include <simdjson.h>

#include "backend/api/generate_request.hpp"
#include "gateway/openai/json_fields.hpp"

namespace toolgate::gateway::openai {

// `messages` is the value of the top-level "messages" member (any JSON type; checked here).
fields::Status parse_messages(simdjson::dom::element messages, std::vector<backend::Message>& out);

}  // namespace toolgate::gateway::openai
