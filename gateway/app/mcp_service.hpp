// Everything MCP the gateway runs, built from config: the hub over the configured upstream servers
// (probed at start-up), its metrics, and the Streamable HTTP and legacy SSE endpoints that serve it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/system/result.hpp>
#include <prometheus/registry.h>

#include "config/config.hpp"
#include "gateway/http/mcp_endpoints.hpp"
#include "mcp/hub/hub.hpp"
#include "mcp/transport/server_handler_factory.hpp"
#include "observability/mcp_metrics.hpp"

namespace toolgate::gateway::app {

class McpService {
 public:
  // Builds the hub and probes every upstream (running `ioc` until the probe ends, so call it before the
  // server threads start). Errors: configuration problems and tool-name collisions, each one line.
  static boost::system::result<std::unique_ptr<McpService>, std::vector<std::string>> start(
      const config::Config& config, boost::asio::io_context& ioc, prometheus::Registry& registry);

  ~McpService();

  // A handler per downstream session, counted under `transport` in the metrics.
  mcp::ServerHandlerFactory handler_factory(std::string transport);
  // Creates the HTTP endpoints the config exposes (for `serve`; `stdio` needs none).
  http::McpEndpoints http_endpoints(const config::Config& config, boost::asio::any_io_executor ex);
  // Ends every MCP session and open stream, at drain time.
  void shutdown();

 private:
  McpService() = default;

  std::unique_ptr<observability::McpMetrics> metrics_;
  std::shared_ptr<mcp::Hub> hub_;
  std::unique_ptr<mcp::StreamableHttpEndpoint> streamable_;
  std::unique_ptr<mcp::LegacySseEndpoint> sse_;
};

}  // namespace toolgate::gateway::app
