#include "gateway/app/stdio_app.hpp"

#include <chrono>
#include <functional>
#include <optional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/post.hpp>

#include "gateway/app/mcp_service.hpp"
#include "mcp/transport/stdio_transport.hpp"
#include "observability/logger.hpp"

namespace toolgate::gateway::app {

namespace asio = boost::asio;

namespace {

// Tells the process when the one session it serves has ended, whatever ended it.
class EndNotifier final : public mcp::ServerHandler {
 public:
  EndNotifier(std::unique_ptr<mcp::ServerHandler> inner, std::function<void()> on_end)
      : inner_(std::move(inner)), on_end_(std::move(on_end)) {}

  asio::awaitable<mcp::ServerOffer> initialize(mcp::ServerSession& session, const mcp::ClientHello& hello) override {
    return inner_->initialize(session, hello);
  }
  asio::awaitable<mcp::Reply> handle(mcp::ServerSession& session, mcp::RequestContext& request) override {
    return inner_->handle(session, request);
  }
  void notified(mcp::ServerSession& session, const mcp::jsonrpc::Notification& notification) override {
    inner_->notified(session, notification);
  }
  void closed(mcp::ServerSession& session) override {
    inner_->closed(session);
    on_end_();
  }

 private:
  std::unique_ptr<mcp::ServerHandler> inner_;
  std::function<void()> on_end_;
};

}  // namespace

int run_stdio(const config::Config& config) {
  using observability::log_error;
  using observability::log_info;
  asio::io_context ioc(1);
  auto registry = std::make_shared<prometheus::Registry>();
  auto service = McpService::start(config, ioc, *registry);
  if (!service) {
    for (const auto& e : service.error()) log_error("mcp configuration cannot start", {{"error", e}});
    return 1;
  }

  // The session ends at stdin EOF (the transport closes the peer) or at a signal; the hub then gives
  // each upstream its stop sequence. A deadline keeps anything that refuses to finish from holding us.
  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  std::optional<std::chrono::steady_clock::time_point> hard_end;
  std::shared_ptr<mcp::Peer> peer = mcp::Peer::create(ioc.get_executor());
  auto end = [&] {
    if (hard_end) return;
    hard_end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    signals.cancel();
    peer->close();
  };
  auto handler = std::make_unique<EndNotifier>((*service)->handler_factory("stdio")(),
                                               [&ioc, &end] { asio::post(ioc, end); });
  auto session = mcp::ServerSession::create(peer, std::move(handler));
  auto transport = mcp::make_stdio_transport(ioc.get_executor(), peer->inbound());
  if (!transport) {
    log_error("cannot use stdin/stdout for MCP", {{"error", transport.error().message()}});
    return 1;
  }
  session->start(std::shared_ptr<mcp::Transport>(std::move(*transport)));
  log_info("serving MCP on stdio", {{"servers", static_cast<std::uint64_t>(config.mcp.servers.size())}});
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (!ec) end();
  });

  for (;;) {
    ioc.run_for(std::chrono::milliseconds(200));
    if (ioc.stopped()) break;
    if (hard_end && std::chrono::steady_clock::now() >= *hard_end) break;
  }
  log_info("stdio session ended", {});
  return 0;
}

}  // namespace toolgate::gateway::app
