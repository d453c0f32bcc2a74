// The URL text the client transports need beyond net::Url: the request target, a printable form for
// messages and logs, and the legacy SSE `endpoint` event resolved against the stream's URL.
#pragma once

#include "net/url.hpp"

#include <string>
#include <string_view>
#include <variant>

namespace toolgate::mcp {

// The path ("/" when empty) and "?query" as sent on the request line.
std::string request_target(const net::Url& url);
// scheme://authority/path?query
std::string url_text(const net::Url& url);

// Resolves `reference` (usually "/messages?sessionId=…") against `base`. The result must have the same
// scheme, host and port: the POSTs carry our credentials, so a stream must not redirect them elsewhere.
// Returns the URL or why it cannot be used.
std::variant<net::Url, std::string> resolve_endpoint(const net::Url& base, std::string_view reference);

}  // namespace toolgate::mcp
