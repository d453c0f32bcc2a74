// Top-level fields of a chat completion request; messages and tools have their own files.
#include "gateway/openai/chat_request_parser.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include <simdjson.h>

#include "gateway/openai/effort.hpp"
#include "gateway/openai/json_fields.hpp"
#include "gateway/openai/message_parser.hpp"
#include "gateway/openai/tool_parser.hpp"

namespace toolgate::gateway::openai {

namespace dom = simdjson::dom;
using fields::ObjectReader;
using fields::Status;

namespace {

constexpr std::size_t kMaxStopSequences = 4;

// Known OpenAI / Z.AI fields toolgate does not model; upstream backends forward them verbatim.
constexpr std::array<std::string_view, 16> kPassthroughKeys = {
    "logit_bias",       "presence_penalty", "frequency_penalty", "metadata",
    "service_tier",     "store",            "prompt_cache_key",  "safety_identifier",
    "verbosity",        "prediction",       "modalities",        "audio",
    "web_search_options", "user_id",        "request_id",        "do_sample"};

ApiError invalid_json(simdjson::error_code code) {
  ApiError e = invalid_request(
      "", std::string("The request body is not valid JSON: ") + simdjson::error_message(code),
      "invalid_json");
  if (code == simdjson::DEPTH_ERROR) {
    e.message += " (nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels)";
  }
  return e;
}

ApiError out_of_range(const std::string& path, std::string_view rule) {
  return invalid_request(path, "Invalid value for '" + path + "': " + std::string(rule) + ".");
}

Status parse_model(const ObjectReader& root, ChatRequest& out) {
  if (auto err = root.required_string("model", out.model)) return err;
  if (out.model.empty()) return out_of_range("model", "the model name must not be empty");
  return std::nullopt;
}

Status parse_streaming(const ObjectReader& root, ChatRequest& out) {
  std::optional<bool> stream;
  if (auto err = root.optional_bool("stream", stream)) return err;
  out.stream = stream.value_or(false);
  std::optional<ObjectReader> options;
  if (auto err = root.optional_object("stream_options", options)) return err;
  if (options) {
    if (!out.stream) {
      return invalid_request("stream_options",
                             "The 'stream_options' parameter is only allowed when 'stream' is enabled.");
    }
    std::optional<bool> include_usage;
    if (auto err = options->optional_bool("include_usage", include_usage)) return err;
    out.include_usage = include_usage.value_or(false);
  }
  std::optional<bool> tool_stream;
  if (auto err = root.optional_bool("tool_stream", tool_stream)) return err;
  // Z.AI ignores tool_stream without stream; keep only the effective value.
  out.tool_stream = tool_stream.value_or(false) && out.stream;
  return std::nullopt;
}

Status parse_token_limit(const ObjectReader& root, std::string_view key,
                         std::optional<std::uint32_t>& out) {
  std::optional<std::int64_t> value;
  if (auto err = root.optional_integer(key, value)) return err;
  if (!value) return std::nullopt;
  if (*value <= 0 || *value > std::numeric_limits<std::uint32_t>::max()) {
    return out_of_range(root.path_of(key), "expected a positive integer no larger than 4294967295");
  }
  out = static_cast<std::uint32_t>(*value);
  return std::nullopt;
}

Status parse_stop(const ObjectReader& root, std::vector<std::string>& out) {
  const auto value = root.get("stop");
  if (!value) return std::nullopt;
  std::string_view single;
  if (value->get(single) == simdjson::SUCCESS) {
    if (single.empty()) return out_of_range("stop", "stop sequences must not be empty");
    out.emplace_back(single);
    return std::nullopt;
  }
  dom::array list;
  if (value->get(list) != simdjson::SUCCESS) {
    return fields::wrong_type("stop", "a string or an array of strings", *value);
  }
  if (list.size() > kMaxStopSequences) return out_of_range("stop", "at most 4 stop sequences are allowed");
  std::size_t i = 0;
  for (dom::element item : list) {
    const std::string path = fields::index_path("stop", i++);
    std::string_view s;
    if (item.get(s) != simdjson::SUCCESS) return fields::wrong_type(path, "a string", item);
    if (s.empty()) return out_of_range(path, "stop sequences must not be empty");
    out.emplace_back(s);
  }
  return std::nullopt;
}

Status parse_sampling(const ObjectReader& root, ChatRequest& out) {
  backend::GenerateRequest& g = out.generate;
  if (auto err = root.optional_number("temperature", g.sampling.temperature)) return err;
  if (g.sampling.temperature && (*g.sampling.temperature < 0 || *g.sampling.temperature > 2)) {
    return out_of_range("temperature", "expected a number between 0 and 2");
  }
  if (auto err = root.optional_number("top_p", g.sampling.top_p)) return err;
  if (g.sampling.top_p && (*g.sampling.top_p < 0 || *g.sampling.top_p > 1)) {
    return out_of_range("top_p", "expected a number between 0 and 1");
  }
  if (auto err = root.optional_integer("seed", g.sampling.seed)) return err;
  std::optional<std::int64_t> n;
  if (auto err = root.optional_integer("n", n)) return err;
  if (n && *n != 1) return out_of_range("n", "only n=1 is supported");
  // max_completion_tokens supersedes the deprecated max_tokens; both are validated.
  std::optional<std::uint32_t> max_tokens;
  if (auto err = parse_token_limit(root, "max_tokens", max_tokens)) return err;
  std::optional<std::uint32_t> max_completion_tokens;
  if (auto err = parse_token_limit(root, "max_completion_tokens", max_completion_tokens)) return err;
  g.max_tokens = max_completion_tokens ? max_completion_tokens : max_tokens;
  std::optional<bool> parallel;
  if (auto err = root.optional_bool("parallel_tool_calls", parallel)) return err;
  g.parallel_tool_calls = parallel.value_or(true);
  return parse_stop(root, g.stop);
}

Status parse_glm(const ObjectReader& root, ChatRequest& out) {
  std::optional<ObjectReader> thinking;
  if (auto err = root.optional_object("thinking", thinking)) return err;
  if (thinking) {
    std::string type;
    if (auto err = thinking->required_string("type", type)) return err;
    if (type != "enabled" && type != "disabled") {
      return out_of_range("thinking.type", "'" + type + "'. Supported values are: 'enabled' and 'disabled'");
    }
    out.thinking_enabled = type == "enabled";
    if (auto err = thinking->optional_bool("clear_thinking", out.clear_thinking)) return err;
  }
  std::optional<std::string> effort;
  if (auto err = root.optional_string("reasoning_effort", effort)) return err;
  if (effort) {
    out.reasoning_effort = parse_effort(*effort);
    if (!out.reasoning_effort) {
      return out_of_range("reasoning_effort", "'" + *effort +
                                                  "'. Supported values are: 'off', 'none', 'high' and 'max'");
    }
  }
  return std::nullopt;
}

Status reject_unsupported(const ObjectReader& root) {
  std::optional<bool> logprobs;
  if (auto err = root.optional_bool("logprobs", logprobs)) return err;
  if (logprobs.value_or(false)) {
    return invalid_request("logprobs", "'logprobs' is not supported by this server.",
                           "unsupported_parameter");
  }
  std::optional<std::int64_t> top_logprobs;
  if (auto err = root.optional_integer("top_logprobs", top_logprobs)) return err;
  if (top_logprobs.value_or(0) != 0) {
    return invalid_request("top_logprobs", "'top_logprobs' is not supported by this server.",
                           "unsupported_parameter");
  }
  return std::nullopt;
}

void collect_passthrough(const ObjectReader& root, ChatRequest& out) {
  for (const auto field : root.object()) {
    if (field.value.is_null()) continue;
    if (std::find(kPassthroughKeys.begin(), kPassthroughKeys.end(), field.key) == kPassthroughKeys.end()) {
      continue;
    }
    out.passthrough.emplace_back(std::string(field.key), simdjson::minify(field.value));
  }
}

Status parse_root(const ObjectReader& root, ChatRequest& out) {
  if (auto err = parse_model(root, out)) return err;
  const auto messages = root.get("messages");
  if (!messages) return fields::missing("messages");
  if (auto err = parse_messages(*messages, out.generate.messages)) return err;
  if (auto err = parse_tools(root, out.generate.tools)) return err;
  if (auto err = parse_tool_choice(root, out.generate.tools, out.generate.tool_choice)) return err;
  if (auto err = parse_response_format(root, out.generate.response_format)) return err;
  if (auto err = parse_streaming(root, out)) return err;
  if (auto err = parse_sampling(root, out)) return err;
  if (auto err = parse_glm(root, out)) return err;
  if (auto err = reject_unsupported(root)) return err;
  std::optional<std::string> user;
  if (auto err = root.optional_string("user", user)) return err;
  if (user) out.user = std::move(*user);
  collect_passthrough(root, out);
  return std::nullopt;
}

}  // namespace

std::variant<ChatRequest, ApiError> parse_chat_request(std::string_view body) {
  dom::parser parser;
  if (const auto code = parser.allocate(std::max<std::size_t>(body.size(), 64), kMaxJsonDepth);
      code != simdjson::SUCCESS) {
    ApiError e = invalid_request("", "The request body is too large to parse.", "invalid_json");
    return e;
  }
  const simdjson::padded_string padded(body);
  dom::element doc;
  if (const auto code = parser.parse(padded).get(doc); code != simdjson::SUCCESS) {
    return invalid_json(code);
  }
  dom::object object;
  if (doc.get(object) != simdjson::SUCCESS) {
    return invalid_request("", "The request body must be a JSON object, but got " +
                                   std::string(fields::type_name(doc)) + ".",
                           "invalid_type");
  }
  ChatRequest request;
  if (auto err = parse_root(ObjectReader(object, ""), request)) return std::move(*err);
  return request;
}

}  // namespace toolgate::gateway::openai
