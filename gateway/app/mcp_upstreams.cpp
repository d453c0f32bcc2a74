#include "gateway/app/mcp_upstreams.hpp"

#include <cstdlib>

#include "gateway/app/version.hpp"
#include "mcp/transport/child_transport.hpp"
#include "mcp/transport/sse_client.hpp"
#include "mcp/transport/streamable_http_client.hpp"
#include "observability/logger.hpp"

namespace toolgate::gateway::app {

namespace {

using TransportResult = boost::system::result<std::shared_ptr<mcp::Transport>, std::string>;

mcp::TransportFactory child_factory(boost::asio::any_io_executor ex, const config::McpServerConfig& server) {
  mcp::ChildSpec spec;
  spec.argv = server.command;
  for (const auto& [name, value] : server.env) spec.env.emplace_back(name, value);
  if (!server.cwd.empty()) spec.cwd = server.cwd;
  return [ex, spec, name = server.name](mcp::Inbound inbound) -> TransportResult {
    // An MCP server's stderr is its log, not an error channel.
    auto on_stderr = [name](std::string_view line) {
      observability::log_info("mcp upstream stderr", {{"server", name}, {"line", line}});
    };
    mcp::LineTransportOptions options;
    options.name = name;
    auto spawned = mcp::spawn_child_transport(ex, spec, std::move(inbound), on_stderr, options);
    if (!spawned) return TransportResult(boost::system::in_place_error, spawned.error().message);
    return TransportResult(std::shared_ptr<mcp::Transport>(std::move(*spawned)));
  };
}

std::vector<std::pair<std::string, std::string>> http_headers(const config::McpServerConfig& server,
                                                              const std::string& token) {
  std::vector<std::pair<std::string, std::string>> headers(server.headers.begin(), server.headers.end());
  if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
  return headers;
}

}  // namespace

McpUpstreams make_mcp_upstreams(const config::McpConfig& config, boost::asio::any_io_executor ex,
                                std::shared_ptr<net::HttpClient> http) {
  McpUpstreams out;
  out.options.naming.separator = config.tool_separator;
  out.options.server_info_json = R"({"name":"toolgate","version":")" + std::string(version()) + "\"}";
  for (const auto& server : config.servers) {
    mcp::UpstreamSpec spec;
    spec.name = server.name;
    spec.prefix = server.prefix;
    spec.tools.allow = server.allow_tools;
    spec.tools.deny = server.deny_tools;
    spec.connect_timeout = server.connect_timeout;
    spec.call_timeout = server.timeout;
    std::string token;
    if (!server.bearer_token_env.empty()) {
      const char* value = std::getenv(server.bearer_token_env.c_str());
      if (!value || !*value) {
        out.errors.push_back("mcp.servers." + server.name + ".bearer_token_env: environment variable " +
                             server.bearer_token_env + " is not set");
        continue;
      }
      token = value;
    }
    switch (server.transport) {
      case config::McpTransport::stdio:
        spec.transport_kind = "stdio";
        spec.transport = child_factory(ex, server);
        break;
      case config::McpTransport::streamable_http: {
        spec.transport_kind = "streamable_http";
        auto url = net::parse_url(server.url);
        if (!url) {
          out.errors.push_back("mcp.servers." + server.name + ".url: " + url.error().message());
          continue;
        }
        mcp::StreamableHttpClientOptions options;
        options.endpoint = *url;
        options.headers = http_headers(server, token);
        options.connect_timeout = server.connect_timeout;
        spec.transport = [ex, http, options](mcp::Inbound inbound) -> TransportResult {
          return TransportResult(std::make_shared<mcp::StreamableHttpClient>(ex, http, options, std::move(inbound)));
        };
        break;
      }
      case config::McpTransport::sse: {
        spec.transport_kind = "sse";
        auto url = net::parse_url(server.url);
        if (!url) {
          out.errors.push_back("mcp.servers." + server.name + ".url: " + url.error().message());
          continue;
        }
        mcp::SseClientOptions options;
        options.url = *url;
        options.headers = http_headers(server, token);
        options.connect_timeout = server.connect_timeout;
        spec.transport = [ex, http, options](mcp::Inbound inbound) -> TransportResult {
          return TransportResult(std::make_shared<mcp::SseClient>(ex, http, options, std::move(inbound)));
        };
        break;
      }
    }
    out.specs.push_back(std::move(spec));
  }
  if (auto checked = mcp::Hub::check(out.specs, out.options.naming); !checked) out.errors.push_back(checked.error());
  return out;
}

}  // namespace toolgate::gateway::app
