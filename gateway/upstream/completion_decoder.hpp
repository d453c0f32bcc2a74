// Turns a non-streaming upstream chat.completion body into the same neutral events a stream
// would produce, so encoders and billing never know which mode the upstream ran in.
#pragma once

#include <string_view>
#include <vector>

#include "backend/api/events.hpp"

namespace toolgate::gateway::upstream {

// Appends: ReasoningDelta, TextDelta, ToolCallBegin + ToolCallArgs per call, Usage, then one
// Finish; or a single Error for invalid JSON, an `error` document or a reply without choices.
void decode_completion(std::string_view json, std::vector<backend::Event>& out);

}  // namespace toolgate::gateway::upstream
