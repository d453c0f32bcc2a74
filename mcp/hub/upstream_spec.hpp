// One configured upstream MCP server as the hub sees it: its name and public prefix, which of its
// tools are exposed, how to open a connection to it, and its timeouts. Built by the composition root.
#pragma once

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mcp/client/client_session.hpp"

namespace toolgate::mcp {

struct ToolFilter {
  std::vector<std::string> allow;  // empty: every tool
  std::vector<std::string> deny;

  bool admits(std::string_view tool) const {
    if (!allow.empty() && std::find(allow.begin(), allow.end(), tool) == allow.end()) return false;
    return std::find(deny.begin(), deny.end(), tool) == deny.end();
  }
};

struct UpstreamSpec {
  std::string name;                   // unique among upstreams; labels metrics and logs
  std::optional<std::string> prefix;  // public-name prefix for tools and prompts; nullopt: none
  ToolFilter tools;
  std::string transport_kind;         // stdio | streamable_http | sse, for logs
  TransportFactory transport;         // opens one new connection (spawns a child for stdio)
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds call_timeout{60'000};  // silence allowed during a call (progress resets it)
};

}  // namespace toolgate::mcp
