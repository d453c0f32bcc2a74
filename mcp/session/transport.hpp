// The outbound half of an MCP connection, as a session core sees it: queue a message, close.
// Each transport (stdio, Streamable HTTP, legacy SSE, child process) implements it and feeds inbound messages to a Peer.
#pragma once

#include <optional>
#include <string>

#include "mcp/jsonrpc/message.hpp"

namespace toolgate::mcp {

class Transport {
 public:
  virtual ~Transport() = default;

  // Queues one message without blocking; safe from any thread. `related` names the peer's request this
  // message belongs to (a response's own id, or a progress/log/sampling message sent while serving that
  // request), so HTTP transports can put it on that request's stream; nullopt means the session's general
  // channel (the GET stream, or stdout). Returns false once the transport is closed.
  virtual bool send(jsonrpc::Message message, std::optional<jsonrpc::Id> related) = 0;

  // Stops sending and releases the connection (closes stdin of a child, ends streams). Idempotent.
  virtual void close() = 0;
};

}  // namespace toolgate::mcp
