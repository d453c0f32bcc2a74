#include "gateway/upstream/wire_fields.hpp"

#include <random>

namespace toolgate::gateway::upstream::wire {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// Token counts arrive as integers, but some servers write them as floats (`12.0`).
std::uint64_t count_field(element obj, std::string_view key) {
  auto v = field(obj, key);
  if (!v) return 0;
  switch (v->type()) {
    case element_type::UINT64: return v->get_uint64().value_unsafe();
    case element_type::INT64: {
      auto i = v->get_int64().value_unsafe();
      return i < 0 ? 0 : static_cast<std::uint64_t>(i);
    }
    case element_type::DOUBLE: {
      double d = v->get_double().value_unsafe();
      return d < 0 ? 0 : static_cast<std::uint64_t>(d);
    }
    default: return 0;
  }
}

// Error codes are strings at OpenAI and numbers at vLLM and Z.AI.
std::string code_text(element obj) {
  auto v = field(obj, "code");
  if (!v) return {};
  switch (v->type()) {
    case element_type::STRING: return std::string(v->get_string().value_unsafe());
    case element_type::INT64: return std::to_string(v->get_int64().value_unsafe());
    case element_type::UINT64: return std::to_string(v->get_uint64().value_unsafe());
    default: return {};
  }
}

backend::Error error_from(element obj) {
  backend::Error e;
  e.kind = backend::ErrorKind::upstream_error;
  e.message = std::string(string_field(obj, "message").value_or("upstream reported an error"));
  e.param = std::string(string_field(obj, "param").value_or(""));
  e.code = code_text(obj);
  return e;
}

}  // namespace

std::optional<element> field(element obj, std::string_view key) {
  simdjson::dom::object object;
  element value;
  if (obj.get_object().get(object) != simdjson::SUCCESS ||
      object.at_key(key).get(value) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  return value;
}

std::optional<simdjson::dom::array> array_field(element obj, std::string_view key) {
  auto value = field(obj, key);
  simdjson::dom::array array;
  if (!value || value->get_array().get(array) != simdjson::SUCCESS) return std::nullopt;
  return array;
}

std::optional<std::string_view> string_field(element obj, std::string_view key) {
  auto v = field(obj, key);
  if (!v || !v->is_string()) return std::nullopt;
  return v->get_string().value_unsafe();
}

std::optional<std::string_view> reasoning_field(element obj) {
  if (auto r = string_field(obj, "reasoning_content")) return r;
  return string_field(obj, "reasoning");
}

std::optional<backend::Usage> read_usage(element usage) {
  if (!usage.is_object()) return std::nullopt;
  backend::Usage u;
  u.prompt_tokens = count_field(usage, "prompt_tokens");
  u.completion_tokens = count_field(usage, "completion_tokens");
  u.cached_tokens = count_field(usage, "cached_tokens");
  if (auto details = field(usage, "prompt_tokens_details"); details && details->is_object()) {
    if (auto cached = count_field(*details, "cached_tokens")) u.cached_tokens = cached;
  }
  if (auto details = field(usage, "completion_tokens_details"); details && details->is_object()) {
    u.reasoning_tokens = count_field(*details, "reasoning_tokens");
  }
  return u;
}

std::variant<backend::FinishReason, backend::Error> normalize_finish(std::string_view reason,
                                                                     bool saw_tool_calls) {
  using backend::FinishReason;
  if (reason == "length" || reason == "model_context_window_exceeded") return FinishReason::length;
  // Z.AI reports its content filter as `sensitive`.
  if (reason == "content_filter" || reason == "sensitive") return FinishReason::content_filter;
  if (reason == "network_error") {
    return backend::Error{backend::ErrorKind::upstream_error,
                          "upstream reported finish_reason network_error", "", "network_error"};
  }
  // Unknown reasons, `stop`, `tool_calls` and the legacy `function_call` all end the turn;
  // whether it ends in tool calls depends only on whether calls were actually produced
  // (GLM parsers report `tool_calls` for calls they then failed to parse).
  return saw_tool_calls ? FinishReason::tool_calls : FinishReason::stop;
}

std::optional<backend::Error> read_error(element doc) {
  if (auto err = field(doc, "error")) {
    if (err->is_object()) return error_from(*err);
    if (err->is_string()) {
      return backend::Error{backend::ErrorKind::upstream_error,
                            std::string(err->get_string().value_unsafe()), "", ""};
    }
    if (!err->is_null()) return error_from(doc);
  }
  if (string_field(doc, "object") == std::optional<std::string_view>("error")) {
    return error_from(doc);
  }
  return std::nullopt;
}

std::string new_call_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id = "call_";
  for (int part = 0; part < 2; ++part) {
    std::uint64_t bits = rng();
    for (int i = 0; i < 12; ++i, bits >>= 4) id.push_back(kHex[bits & 0xf]);
  }
  return id;
}

backend::Error protocol_error(std::string message) {
  return backend::Error{backend::ErrorKind::upstream_error, std::move(message), "", ""};
}

}  // namespace toolgate::gateway::upstream::wire
