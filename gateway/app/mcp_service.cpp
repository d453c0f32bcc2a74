#include "gateway/app/mcp_service.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>

#include "config/listen_address.hpp"
#include "gateway/app/mcp_upstreams.hpp"
#include "mcp/server/metered_handler.hpp"
#include "net/tls_context.hpp"

namespace toolgate::gateway::app {

namespace asio = boost::asio;

McpService::~McpService() { shutdown(); }

boost::system::result<std::unique_ptr<McpService>, std::vector<std::string>> McpService::start(
    const config::Config& config, asio::io_context& ioc, prometheus::Registry& registry) {
  using R = boost::system::result<std::unique_ptr<McpService>, std::vector<std::string>>;
  std::unique_ptr<McpService> service(new McpService());
  service->metrics_ = std::make_unique<observability::McpMetrics>(registry);
  auto http = std::make_shared<net::HttpClient>(ioc.get_executor(), net::make_client_tls_context());
  auto upstreams = make_mcp_upstreams(config.mcp, ioc.get_executor(), std::move(http));
  if (!upstreams.errors.empty()) return R(boost::system::in_place_error, std::move(upstreams.errors));
  service->hub_ = mcp::Hub::create(ioc.get_executor(), std::move(upstreams.options), std::move(upstreams.specs),
                                   service->metrics_.get());
  if (!config.mcp.servers.empty()) {
    auto probing = asio::co_spawn(ioc, service->hub_->probe(), asio::use_future);
    ioc.run();
    ioc.restart();
    auto probed = probing.get();
    if (!probed) return R(boost::system::in_place_error, std::vector<std::string>{probed.error()});
  }
  return R(std::move(service));
}

mcp::ServerHandlerFactory McpService::handler_factory(std::string transport) {
  return [hub = hub_, metrics = metrics_.get(), transport = std::move(transport)] {
    return mcp::metered(hub->make_handler(), metrics, transport);
  };
}

http::McpEndpoints McpService::http_endpoints(const config::Config& config, asio::any_io_executor ex) {
  http::McpEndpoints endpoints;
  const bool loopback = config::is_loopback_host(config.server.host);
  if (!config.mcp.streamable_http_path.empty()) {
    mcp::StreamableHttpOptions options;
    options.loopback_bind = loopback;
    options.keep_alive = config.server.sse_keepalive;
    options.session_idle_timeout = config.mcp.session_idle_timeout;
    options.max_sessions = config.mcp.max_sessions;
    streamable_ = std::make_unique<mcp::StreamableHttpEndpoint>(ex, options, handler_factory("streamable_http"));
    endpoints.streamable_path = config.mcp.streamable_http_path;
    endpoints.streamable = streamable_.get();
  }
  if (!config.mcp.sse_path.empty()) {
    mcp::LegacySseOptions options;
    options.loopback_bind = loopback;
    options.keep_alive = config.server.sse_keepalive;
    options.max_sessions = config.mcp.max_sessions;
    sse_ = std::make_unique<mcp::LegacySseEndpoint>(ex, options, handler_factory("sse"));
    endpoints.sse_path = config.mcp.sse_path;
    endpoints.messages_path = options.messages_path;
    endpoints.sse = sse_.get();
  }
  return endpoints;
}

void McpService::shutdown() {
  if (streamable_) streamable_->shutdown();
  if (sse_) sse_->shutdown();
}

}  // namespace toolgate::gateway::app
