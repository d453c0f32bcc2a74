// Everything one upstream backend needs, resolved from config by the composition root.
// The API key is the value (read from the configured environment variable at start-up), not its name.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "gateway/upstream/dialect.hpp"
#include "net/url.hpp"

namespace toolgate::gateway::upstream {

struct UpstreamOptions {
  std::string name;
  net::Url base_url;    // e.g. https://api.z.ai/api/paas/v4; `/chat/completions` is appended
  std::string api_key;  // empty = no Authorization header
  Dialect dialect = Dialect::openai;
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds first_byte_timeout{120'000};
  std::chrono::milliseconds timeout{600'000};  // whole request, retries included
  unsigned max_retries = 1;                    // only before the first event reached the consumer
  std::vector<std::pair<std::string, std::string>> headers;  // extra static headers
};

}  // namespace toolgate::gateway::upstream
