// Turns the `mcp:` config section into what the hub runs on: one UpstreamSpec per server, with the
// transport that reaches it (child process, Streamable HTTP or legacy SSE), and the hub's options.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "config/config.hpp"
#include "mcp/hub/hub.hpp"
#include "net/http_client.hpp"

namespace toolgate::gateway::app {

struct McpUpstreams {
  std::vector<mcp::UpstreamSpec> specs;
  mcp::HubOptions options;
  std::vector<std::string> errors;  // e.g. a bearer_token_env that is not set
};

McpUpstreams make_mcp_upstreams(const config::McpConfig& config, boost::asio::any_io_executor ex,
                                std::shared_ptr<net::HttpClient> http);

}  // namespace toolgate::gateway::app
