// The MCP endpoints the gateway serves over HTTP, as the router sees them: which paths, and the
// transport endpoints (owned by the composition root) that answer them. A null endpoint is not served.
#pragma once

#include <string>

#include "mcp/transport/legacy_sse_server.hpp"
#include "mcp/transport/streamable_http_server.hpp"

namespace toolgate::gateway::http {

struct McpEndpoints {
  std::string streamable_path;  // e.g. /mcp
  mcp::StreamableHttpEndpoint* streamable = nullptr;
  std::string sse_path;         // e.g. /sse
  std::string messages_path;    // e.g. /messages
  mcp::LegacySseEndpoint* sse = nullptr;

  bool serves(std::string_view path) const {
    return (streamable && path == streamable_path) || (sse && (path == sse_path || path == messages_path));
  }
};

}  // namespace toolgate::gateway::http
