// What the client transports do with JSON-RPC text from a server, and the errors they make up when HTTP
// fails, so that a caller's pending request ends at once instead of waiting for its timeout.
#pragma once

#include "mcp/jsonrpc/message.hpp"

#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace toolgate::mcp {

// Joins string pieces by appending: GCC 12 reports a false -Wrestrict on `"literal" + std::string`.
template <typename... Parts>
std::string str_cat(const Parts&... parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}

// The code the SDKs give transport-level failures (the TypeScript SDK's ConnectionClosed).
inline constexpr std::int64_t kTransportErrorCode = -32000;

// Decodes one response body or event payload. Arrays are accepted: we never batch, but a 2025-03-26
// server may group what it sends. Malformed parts are logged (naming `source`) and dropped, because on
// this side of HTTP there is nobody to answer them to.
std::vector<jsonrpc::Message> decode_server_messages(std::string_view text, std::string_view source);

// Whether `message` is the result or error for our request `id`.
bool answers(const jsonrpc::Message& message, const jsonrpc::Id& id);

// The error a transport delivers in place of the response that will never come.
jsonrpc::Message transport_error(const jsonrpc::Id& id, std::string message);

// "HTTP 500 from <url>", plus the server's own message when `body` is a JSON-RPC error.
std::string http_failure_message(unsigned status, std::string_view url, std::string_view body);

// `protocolVersion` of an InitializeResult (a minified JSON object), when it has a string one.
std::optional<std::string> initialize_protocol_version(std::string_view result_json);

// Completion handler body for detached transport coroutines: they return errors as values, so an
// exception here is a bug worth a log line rather than a silent loss.
void log_coroutine_exception(std::exception_ptr error, std::string_view transport);

}  // namespace toolgate::mcp
