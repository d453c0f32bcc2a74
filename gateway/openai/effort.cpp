// Wire names for reasoning effort and finish reason.
#include "gateway/openai/effort.hpp"

namespace toolgate::gateway::openai {

std::optional<backend::Effort> parse_effort(std::string_view s) {
  if (s == "off" || s == "none") return backend::Effort::off;
  if (s == "high") return backend::Effort::high;
  if (s == "max") return backend::Effort::max;
  return std::nullopt;
}

std::string_view effort_name(backend::Effort e) {
  switch (e) {
    case backend::Effort::off: return "off";
    case backend::Effort::high: return "high";
    case backend::Effort::max: return "max";
  }
  return "off";
}

std::string_view finish_reason_name(backend::FinishReason r) {
  switch (r) {
    case backend::FinishReason::stop: return "stop";
    case backend::FinishReason::length: return "length";
    case backend::FinishReason::tool_calls: return "tool_calls";
    case backend::FinishReason::content_filter: return "content_filter";
  }
  return "stop";
}

backend::FinishReason wire_finish_reason(backend::FinishReason r, bool emitted_tool_calls) {
  if (r == backend::FinishReason::length || r == backend::FinishReason::content_filter) return r;
  return emitted_tool_calls ? backend::FinishReason::tool_calls : backend::FinishReason::stop;
}

}  // namespace toolgate::gateway::openai
