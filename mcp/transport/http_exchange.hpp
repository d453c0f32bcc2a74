// The HTTP side of MCP's server transports: the headers they read from a request and the responses
// they answer with (JSON-RPC error bodies, 202, the SSE stream header), shared by /mcp and /sse.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "mcp/transport/http_checks.hpp"
#include "net/http_types.hpp"

namespace toolgate::mcp {

inline constexpr std::string_view kSessionIdHeader = "Mcp-Session-Id";
inline constexpr std::string_view kProtocolVersionHeader = "MCP-Protocol-Version";
inline constexpr std::string_view kLastEventIdHeader = "Last-Event-ID";

// A header's value, nullopt when the request lacks it. Views into `request`.
std::optional<std::string_view> header_value(const net::Request& request, std::string_view name);
// The fields check_http_request looks at.
HttpRequestHeaders request_headers(const net::Request& request, bool loopback_bind);

// `{"jsonrpc":"2.0","error":{"code":…,"message":…}}` with the given HTTP status, as application/json.
net::Response json_rpc_error_response(unsigned status, std::int64_t code, std::string_view message, bool keep_alive);
net::Response rejection_response(const HttpRejection& rejection, bool keep_alive);
// A JSON body (one message or an array of them) with the given status.
net::Response json_response(unsigned status, std::string body, bool keep_alive);
// A status with no body (202 Accepted for notifications, 200 for DELETE).
net::Response empty_response(unsigned status, bool keep_alive);
// text/event-stream, no caching, no proxy buffering, and the session id when there is one.
net::http::response<net::http::empty_body> sse_header(std::optional<std::string_view> session_id);

// For the HTTP server's ErrorResponder: requests net/ rejects before any handler runs (413 over
// max_body_bytes, 431, 408, 400) get a JSON-RPC error on the MCP paths, since MCP clients read one.
net::Response transport_error_response(unsigned status, std::string_view message);

}  // namespace toolgate::mcp
