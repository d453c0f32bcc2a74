// A parsed /v1/chat/completions request: the backend-neutral GenerateRequest plus what only the
// gateway uses (streaming shape, GLM switches as sent, fields passed through to upstreams).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "backend/api/generate_request.hpp"

namespace toolgate::gateway::openai {

struct ChatRequest {
  std::string model;
  bool stream = false;
  bool include_usage = false;  // stream_options.include_usage
  bool tool_stream = false;    // GLM: stream tool-call arguments as fragments
  std::optional<backend::Effort> reasoning_effort;  // as requested; routing decides the effective one
  std::optional<bool> thinking_enabled;             // thinking.type enabled/disabled
  std::optional<bool> clear_thinking;               // thinking.clear_thinking
  std::string user;
  backend::GenerateRequest generate;
  // Accepted OpenAI fields toolgate does not model (logit_bias, presence_penalty, metadata, ...),
  // kept as (key, minified JSON) so upstream backends can forward them verbatim.
  std::vector<std::pair<std::string, std::string>> passthrough;
};

}  // namespace toolgate::gateway::openai
