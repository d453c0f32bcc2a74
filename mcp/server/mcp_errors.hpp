// MCP's own JSON-RPC error codes and the error replies built from them, shared by the local
// catalog and the hub so both answer the same failure the same way.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "mcp/session/peer.hpp"

namespace toolgate::mcp {

namespace mcp_code {
inline constexpr std::int64_t resource_not_found = -32002;  // ≤ 2025-11-25
}  // namespace mcp_code

// -32002 with data {"uri": …}.
Reply resource_not_found(std::string_view uri);

}  // namespace toolgate::mcp
