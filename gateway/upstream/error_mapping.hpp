// Maps an upstream's non-2xx HTTP reply onto a neutral backend Error with a message that names
// the upstream. One table: 400/413/422 → invalid_request, 429 → rate_limited, 408/504 → timeout.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "backend/api/events.hpp"

namespace toolgate::gateway::upstream {

// Longest upstream text copied into a message; upstream bodies can be whole HTML pages.
inline constexpr std::size_t kMaxUpstreamMessage = 512;

// `body` may be an OpenAI error document (`{"error":{"message","param","code"}}`), vLLM's flat
// `{"object":"error","message"}`, or plain text. The message reads
// "upstream 'zai' returned 503: <upstream message>". param and code are copied when present.
//  - 400, 413, 422: the upstream rejected what the client asked for (context too long, bad
//    parameter) → invalid_request, so the client sees a 400 it should not retry.
//  - 429 → rate_limited, code = the upstream's code or "rate_limit_exceeded". The Error type has
//    no header slot, so a Retry-After value is appended to the message: " (retry after 20s)".
//  - 408, 504 → upstream_timeout. Everything else (401/403: toolgate's own key) → upstream_error.
backend::Error map_http_error(std::string_view upstream_name, unsigned status,
                              std::string_view body, std::string_view retry_after = {});

// Cuts `text` to at most `max_bytes` without splitting a UTF-8 sequence, marking the cut.
std::string truncate_utf8(std::string_view text, std::size_t max_bytes);

}  // namespace toolgate::gateway::upstream
