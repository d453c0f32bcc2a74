#include "mcp/server/metered_handler.hpp"

namespace toolgate::mcp {

namespace {

class MeteredHandler final : public ServerHandler {
 public:
  MeteredHandler(std::unique_ptr<ServerHandler> inner, observability::McpMetrics* metrics, std::string transport)
      : inner_(std::move(inner)), metrics_(metrics), transport_(std::move(transport)) {
    if (metrics_) metrics_->session_opened(transport_);
  }
  ~MeteredHandler() override {
    if (metrics_) metrics_->session_closed(transport_);
  }

  boost::asio::awaitable<ServerOffer> initialize(ServerSession& session, const ClientHello& hello) override {
    return inner_->initialize(session, hello);
  }
  boost::asio::awaitable<Reply> handle(ServerSession& session, RequestContext& request) override {
    return inner_->handle(session, request);
  }
  void notified(ServerSession& session, const jsonrpc::Notification& notification) override {
    inner_->notified(session, notification);
  }
  void closed(ServerSession& session) override { inner_->closed(session); }

 private:
  std::unique_ptr<ServerHandler> inner_;
  observability::McpMetrics* metrics_;
  std::string transport_;
};

}  // namespace

std::unique_ptr<ServerHandler> metered(std::unique_ptr<ServerHandler> inner, observability::McpMetrics* metrics,
                                       std::string transport) {
  return std::make_unique<MeteredHandler>(std::move(inner), metrics, std::move(transport));
}

}  // namespace toolgate::mcp
