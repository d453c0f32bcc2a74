#include "tests/support/mcp_fixture/in_memory_server.hpp"

#include "mcp/session/memory_transport.hpp"

namespace toolgate::mcp::fixture {

namespace {

// `to`, with every delivered message recorded first.
Inbound logged(Inbound to, std::shared_ptr<WireLog> log) {
  to.deliver = [deliver = std::move(to.deliver), log = std::move(log)](jsonrpc::Message message) {
    log->append(message);
    deliver(std::move(message));
  };
  return to;
}

}  // namespace

void WireLog::append(const jsonrpc::Message& message) {
  std::lock_guard lock(mutex_);
  messages_.push_back(message);
}

std::vector<jsonrpc::Message> WireLog::messages() const {
  std::lock_guard lock(mutex_);
  return messages_;
}

InMemoryServer serve_in_memory(const std::shared_ptr<Peer>& client, PeerHandlers client_handlers,
                               std::unique_ptr<ServerHandler> handler, boost::asio::any_io_executor executor) {
  auto server_peer = Peer::create(std::move(executor));
  InMemoryServer server{ServerSession::create(server_peer, std::move(handler)), std::make_shared<WireLog>()};
  // connect_in_memory attaches both peers itself; a ServerSession attaches its own, so each side's
  // transport is made here instead.
  client->attach(make_inbound_transport(server_peer->inbound()), std::move(client_handlers));
  server.session->start(make_inbound_transport(logged(client->inbound(), server.sent)));
  return server;
}

}  // namespace toolgate::mcp::fixture
