// The hub: one MCP server face over many upstream MCP servers. Each downstream session gets its own
// upstream sessions, so capabilities, log levels, roots and server→client requests stay per client.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include "mcp/hub/tool_names.hpp"
#include "mcp/hub/upstream_spec.hpp"
#include "mcp/server/server_session.hpp"
#include "observability/mcp_metrics.hpp"

namespace toolgate::mcp {

struct HubOptions {
  ToolNaming naming;
  std::string server_info_json = R"({"name":"toolgate","version":"0"})";
  std::size_t max_list_entries = 1000;  // per list response; beyond it a gateway cursor continues the list
  std::chrono::milliseconds relay_timeout{600'000};  // sampling/elicitation wait on a person
};

class Hub : public std::enable_shared_from_this<Hub> {
 public:
  static std::shared_ptr<Hub> create(boost::asio::any_io_executor ex, HubOptions options,
                                     std::vector<UpstreamSpec> upstreams, observability::McpMetrics* metrics);

  // Configuration check: upstream names unique, prefixes distinct and valid. Errors name both servers.
  static boost::system::result<void, std::string> check(const std::vector<UpstreamSpec>& upstreams,
                                                        const ToolNaming& naming);

  // Start-up probe: connects to every upstream once, lists its tools and fails when two public names
  // collide (naming both servers). Upstreams that are down are logged, not fatal.
  boost::asio::awaitable<boost::system::result<void, std::string>> probe();

  // A handler for one downstream session.
  std::unique_ptr<ServerHandler> make_handler();

  const boost::asio::any_io_executor& executor() const { return ex_; }
  const HubOptions& options() const { return options_; }
  const std::vector<UpstreamSpec>& upstreams() const { return upstreams_; }
  observability::McpMetrics* metrics() const { return metrics_; }

 private:
  Hub(boost::asio::any_io_executor ex, HubOptions options, std::vector<UpstreamSpec> upstreams,
      observability::McpMetrics* metrics)
      : ex_(std::move(ex)), options_(std::move(options)), upstreams_(std::move(upstreams)), metrics_(metrics) {}

  boost::asio::any_io_executor ex_;
  HubOptions options_;
  std::vector<UpstreamSpec> upstreams_;
  observability::McpMetrics* metrics_;
};

}  // namespace toolgate::mcp
