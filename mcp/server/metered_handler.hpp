// A ServerHandler decorator that counts the session in the MCP metrics (open sessions by transport)
// for as long as the session's handler lives.
#pragma once

#include <memory>
#include <string>

#include "mcp/server/server_session.hpp"
#include "observability/mcp_metrics.hpp"

namespace toolgate::mcp {

std::unique_ptr<ServerHandler> metered(std::unique_ptr<ServerHandler> inner, observability::McpMetrics* metrics,
                                       std::string transport);

}  // namespace toolgate::mcp
