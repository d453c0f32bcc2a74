// The neutral event stream every backend emits (DESIGN.md §4.1); encoders never know which backend ran.
// A generation is a sequence of deltas, then optionally Usage, then exactly one terminal Finish or Error.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

namespace toolgate::backend {

struct TextDelta {
  std::string text;
};

struct ReasoningDelta {
  std::string text;
};

// Opens tool call `index` (0, 1, ... in order). The name is whole; arguments follow as fragments.
struct ToolCallBegin {
  std::uint32_t index = 0;
  std::string id;
  std::string name;
};

// A fragment of tool call `index`'s JSON arguments; the fragments concatenate to the full JSON text.
struct ToolCallArgs {
  std::uint32_t index = 0;
  std::string fragment;
};

// Token counts of the whole generation: cached ⊂ prompt, reasoning ⊂ completion.
struct Usage {
  std::uint64_t prompt_tokens = 0;
  std::uint64_t cached_tokens = 0;
  std::uint64_t completion_tokens = 0;
  std::uint64_t reasoning_tokens = 0;
};

enum class FinishReason { stop, length, tool_calls, content_filter };

struct Finish {
  FinishReason reason = FinishReason::stop;
};

enum class ErrorKind {
  invalid_request,     // 400: the backend rejected what the client asked for
  rate_limited,        // 429
  upstream_error,      // 502: the upstream failed or answered with an error
  upstream_timeout,    // 504
  unavailable,         // 503: the backend cannot serve right now
  internal,            // 500
};

struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string message;
  std::string param;  // offending field, when known
  std::string code;   // machine-readable code, when known
};

using Event = std::variant<TextDelta, ReasoningDelta, ToolCallBegin, ToolCallArgs, Usage, Finish, Error>;

inline bool is_terminal(const Event& e) {
  return std::holds_alternative<Finish>(e) || std::holds_alternative<Error>(e);
}

}  // namespace toolgate::backend
