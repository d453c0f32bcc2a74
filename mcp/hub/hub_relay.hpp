// Internal to the hub: what an upstream session does with the server's own traffic. Requests
// (sampling, elicitation, roots) and notifications go to the downstream session that caused them.
#pragma once

#include <chrono>
#include <memory>

#include "mcp/hub/hub_session.hpp"

namespace toolgate::mcp::hub_detail {

// Handlers for the upstream session of link `index`. They hold the state weakly: a relay that
// outlives its downstream session answers "connection closed" instead of keeping it alive.
PeerHandlers relay_handlers(const std::shared_ptr<HubState>& state, std::size_t index,
                            std::chrono::milliseconds relay_timeout, observability::McpMetrics* metrics);

}  // namespace toolgate::mcp::hub_detail
