// The identity every chunk or body of one completion repeats: id, creation time, model name.
// Chosen once by the caller (the route handler) so stream and non-stream replies look the same.
#pragma once

#include <cstdint>
#include <string>

namespace toolgate::gateway::openai {

struct CompletionMeta {
  std::string id;            // "chatcmpl-..."
  std::int64_t created = 0;  // Unix seconds
  std::string model;         // the model name the client asked for
};

}  // namespace toolgate::gateway::openai
