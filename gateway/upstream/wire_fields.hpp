// Readers for the parts streamed chunks and whole completions share: usage, finish_reason,
// reasoning field names and error objects. Normalises vendor variants into the neutral events.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <simdjson.h>

#include "backend/api/events.hpp"

namespace toolgate::gateway::upstream::wire {

// The member `key` of an object; nullopt when `obj` is no object or lacks it.
std::optional<simdjson::dom::element> field(simdjson::dom::element obj, std::string_view key);

// The array at `key`, or nullopt when absent or not an array.
std::optional<simdjson::dom::array> array_field(simdjson::dom::element obj, std::string_view key);

// The string at `key`, or nullopt when absent, null or not a string.
std::optional<std::string_view> string_field(simdjson::dom::element obj, std::string_view key);

// Reasoning text of a delta or message: Z.AI's `reasoning_content`, else vLLM's `reasoning`
// (never both: vLLM versions in transition send the same text under both names).
std::optional<std::string_view> reasoning_field(simdjson::dom::element obj);

// A `usage` object; nullopt when null or not an object. Accepts cached tokens from
// `prompt_tokens_details.cached_tokens` (null details allowed) or a flat `cached_tokens`.
std::optional<backend::Usage> read_usage(simdjson::dom::element usage);

// Maps any vendor finish_reason onto OpenAI's four. `tool_calls` only when a call was seen
// (and `stop` with calls becomes `tool_calls`); Z.AI's `network_error` is an upstream Error.
std::variant<backend::FinishReason, backend::Error> normalize_finish(std::string_view reason,
                                                                     bool saw_tool_calls);

// An error document: `{"error": {...}}` / `{"error": "text"}`, or vLLM's flat
// `{"object": "error", "message": ...}`. nullopt when `doc` is not an error.
std::optional<backend::Error> read_error(simdjson::dom::element doc);

// The upstream broke the protocol (bad JSON, premature end, impossible tool call): a 502.
backend::Error protocol_error(std::string message);

// A fresh OpenAI-style tool call id, for upstreams that omit one.
std::string new_call_id();

}  // namespace toolgate::gateway::upstream::wire
