// Runs a ServerSession in-process against a client Peer, with a record of every message the server
// sent, in order, so tests can check what reached the wire before a result (progress, logs, requests).
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "mcp/server/server_session.hpp"
#include "mcp/session/peer.hpp"

namespace toolgate::mcp::fixture {

// What the server sent, appended by the server's strand and read by the test once the loop is idle.
class WireLog {
 public:
  void append(const jsonrpc::Message& message);
  std::vector<jsonrpc::Message> messages() const;

 private:
  mutable std::mutex mutex_;
  std::vector<jsonrpc::Message> messages_;
};

struct InMemoryServer {
  std::shared_ptr<ServerSession> session;
  std::shared_ptr<WireLog> sent;  // server → client
};

// Wires `client` (with its handlers) and a new ServerSession for `handler` back to back; the server's
// peer runs on `executor`. Close the client to end the session (that also breaks its self-reference).
InMemoryServer serve_in_memory(const std::shared_ptr<Peer>& client, PeerHandlers client_handlers,
                               std::unique_ptr<ServerHandler> handler, boost::asio::any_io_executor executor);

}  // namespace toolgate::mcp::fixture
