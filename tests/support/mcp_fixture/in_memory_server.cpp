#include "tests/support/mcp_fixture/in_memory_server.hpp"

#include <atomic>

namespace toolgate::mcp::fixture {

namespace {

// Like mcp/session's memory transport (delivery through the receiving peer's strand keeps the order),
// plus an optional log. Its own class because ServerSession::start wants the transport object, and
// connect_in_memory keeps the ones it makes to itself.
class LoggedTransport final : public Transport {
 public:
  LoggedTransport(std::weak_ptr<Peer> to, std::shared_ptr<WireLog> log) : to_(std::move(to)), log_(std::move(log)) {}

  bool send(jsonrpc::Message message, std::optional<jsonrpc::Id>) override {
    if (closed_.load()) return false;
    auto to = to_.lock();
    if (!to) return false;
    if (log_) log_->append(message);
    to->deliver(std::move(message));
    return true;
  }

  void close() override {
    if (closed_.exchange(true)) return;
    if (auto to = to_.lock()) to->transport_closed();
  }

 private:
  std::weak_ptr<Peer> to_;
  std::shared_ptr<WireLog> log_;
  std::atomic<bool> closed_{false};
};

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
  client->attach(std::make_shared<LoggedTransport>(server_peer, nullptr), std::move(client_handlers));
  server.session->start(std::make_shared<LoggedTransport>(client, server.sent));
  return server;
}

}  // namespace toolgate::mcp::fixture
