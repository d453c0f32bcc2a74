// JSON-RPC 2.0 messages as MCP exchanges them: requests, notifications, results and errors.
// Params, results and error data stay minified JSON text, so a hub forwards them byte for byte.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace toolgate::mcp::jsonrpc {

// MCP request ids are strings or integers, never null.
using Id = std::variant<std::int64_t, std::string>;

struct Request {
  Id id;
  std::string method;
  std::optional<std::string> params;  // a JSON object, minified
};

struct Notification {
  std::string method;
  std::optional<std::string> params;  // a JSON object, minified
};

struct Result {
  Id id;
  std::string result;  // any JSON value, minified (MCP results are objects)
};

struct Error {
  std::optional<Id> id;  // absent when the id of the failed message could not be read
  std::int64_t code = 0;
  std::string message;
  std::optional<std::string> data;  // any JSON value, minified
};

using Message = std::variant<Request, Notification, Result, Error>;

// The standard codes; MCP adds its own next to them where its revisions define them.
namespace code {
inline constexpr std::int64_t parse_error = -32700;
inline constexpr std::int64_t invalid_request = -32600;
inline constexpr std::int64_t method_not_found = -32601;
inline constexpr std::int64_t invalid_params = -32602;
inline constexpr std::int64_t internal_error = -32603;
}  // namespace code

}  // namespace toolgate::mcp::jsonrpc
