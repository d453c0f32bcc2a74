#include "mcp/session/memory_transport.hpp"

#include <atomic>

namespace toolgate::mcp {

namespace {

// Order holds because Inbound::deliver of a Peer posts to that peer's strand.
class InboundTransport final : public Transport {
 public:
  explicit InboundTransport(Inbound to) : to_(std::move(to)) {}

  bool send(jsonrpc::Message message, std::optional<jsonrpc::Id>) override {
    if (closed_.load()) return false;
    to_.deliver(std::move(message));
    return true;
  }

  void close() override {
    if (closed_.exchange(true)) return;
    if (to_.closed) to_.closed();
  }

 private:
  Inbound to_;
  std::atomic<bool> closed_{false};
};

}  // namespace

std::shared_ptr<Transport> make_inbound_transport(Inbound to) { return std::make_shared<InboundTransport>(std::move(to)); }

void connect_in_memory(const std::shared_ptr<Peer>& a, PeerHandlers a_handlers, const std::shared_ptr<Peer>& b,
                       PeerHandlers b_handlers) {
  a->attach(make_inbound_transport(b->inbound()), std::move(a_handlers));
  b->attach(make_inbound_transport(a->inbound()), std::move(b_handlers));
}

}  // namespace toolgate::mcp
