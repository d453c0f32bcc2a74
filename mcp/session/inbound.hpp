// The inbound half of an MCP connection, as a transport sees it: where decoded messages go.
// A plain struct of callbacks so transports are tested without a session behind them.
#pragma once

#include <functional>

#include "mcp/jsonrpc/message.hpp"

namespace toolgate::mcp {

struct Inbound {
  std::function<void(jsonrpc::Message)> deliver;  // one well-formed message from the other side
  std::function<void()> closed;                   // the connection ended (EOF, process exit, stream gone)
  std::function<bool()> batches_allowed;          // whether a JSON array may be accepted right now
};

}  // namespace toolgate::mcp
