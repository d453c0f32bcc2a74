// Parses and validates a /v1/chat/completions body into a ChatRequest.
// Never throws; every rejection is a 400 ApiError whose `param` names the offending JSON path.
#pragma once

#include <cstddef>
#include <string_view>
#include <variant>

#include "gateway/openai/api_error.hpp"
#include "gateway/openai/chat_request.hpp"

namespace toolgate::gateway::openai {

// Deeper bodies are rejected as invalid JSON; generous for JSON Schemas, bounded for the parser.
inline constexpr std::size_t kMaxJsonDepth = 128;

std::variant<ChatRequest, ApiError> parse_chat_request(std::string_view body);

}  // namespace toolgate::gateway::openai
