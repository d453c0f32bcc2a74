// Builds the JSON body toolgate sends to an OpenAI-compatible upstream from a parsed chat request.
// Pure: typed request in, JSON text out; dialect decides which GLM extensions survive.
#pragma once

#include <string>
#include <string_view>

#include "gateway/openai/chat_request.hpp"
#include "gateway/upstream/dialect.hpp"

namespace toolgate::gateway::upstream {

// `model` replaces chat.model (routing may rename it). Streaming requests always ask for
// `stream_options.include_usage` so every generation can be billed, whatever the client asked.
// Passthrough fields are forwarded verbatim but never override a field toolgate sets itself.
std::string encode_upstream_request(const openai::ChatRequest& chat, std::string_view model,
                                    Dialect dialect, bool stream);

}  // namespace toolgate::gateway::upstream
