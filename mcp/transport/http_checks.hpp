// The checks Streamable HTTP requires of a request's method and headers before its body is read:
// Accept (406), Content-Type (415), Origin and Host on loopback binds (403), MCP-Protocol-Version (400).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace toolgate::mcp {

struct HttpRequestHeaders {
  std::string_view method;                      // "POST", "GET", "DELETE", ...
  std::optional<std::string_view> accept;
  std::optional<std::string_view> content_type;
  std::optional<std::string_view> origin;
  std::optional<std::string_view> host;
  std::optional<std::string_view> protocol_version;  // MCP-Protocol-Version
  bool loopback_bind = true;                    // the listener is on 127.0.0.1 / ::1 / localhost
};

// What to answer instead of handling the request: the status, a JSON-RPC error body (no id) and
// any extra headers (Allow for 405).
struct HttpRejection {
  unsigned status = 400;
  std::string message;
  std::vector<std::pair<std::string, std::string>> headers;
};

std::optional<HttpRejection> check_http_request(const HttpRequestHeaders& request);

// The JSON-RPC error body for a rejection (code -32000, as the SDKs send for transport errors).
std::string rejection_body(const HttpRejection& rejection);

}  // namespace toolgate::mcp
