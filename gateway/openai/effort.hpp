// Wire names of the enums the OpenAI surface shares with the backend: reasoning effort and
// finish reason. One place so the parser, the encoders and the upstream client agree.
#pragma once

#include <optional>
#include <string_view>

#include "backend/api/events.hpp"
#include "backend/api/generate_request.hpp"

namespace toolgate::gateway::openai {

// "off" | "none" → off, "high", "max"; anything else → nullopt (the caller reports it).
std::optional<backend::Effort> parse_effort(std::string_view s);

// "off" | "high" | "max"
std::string_view effort_name(backend::Effort e);

// "stop" | "length" | "tool_calls" | "content_filter"
std::string_view finish_reason_name(backend::FinishReason r);

// The finish reason a client sees: `tool_calls` exactly when at least one call was sent
// (a backend that says `stop` after calls is corrected); `length` and `content_filter` are kept.
backend::FinishReason wire_finish_reason(backend::FinishReason r, bool emitted_tool_calls);

}  // namespace toolgate::gateway::openai
