// toolgate-mcp-fixture: the conformance fixture catalog served by toolgate's own MCP library, over
// stdio (`--stdio`) or HTTP (`--http HOST:PORT`: Streamable HTTP at /mcp, legacy SSE at /sse).
// In HTTP mode the first stdout line is {"port":N}; logs go to stderr.
#include <csignal>
#include <iostream>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "mcp/server/server_session.hpp"
#include "mcp/transport/legacy_sse_server.hpp"
#include "mcp/transport/stdio_transport.hpp"
#include "mcp/transport/streamable_http_server.hpp"
#include "net/http_server.hpp"
#include "tests/support/mcp_fixture/conformance_catalog.hpp"

namespace {

namespace asio = boost::asio;
using namespace toolgate;

int serve_stdio(const std::shared_ptr<mcp::Catalog>& catalog) {
  asio::io_context ioc(1);
  auto peer = mcp::Peer::create(ioc.get_executor());
  auto session = mcp::ServerSession::create(peer, catalog->make_handler());
  auto transport = mcp::make_stdio_transport(ioc.get_executor(), peer->inbound());
  if (!transport) {
    std::cerr << "toolgate-mcp-fixture: " << transport.error().message() << '\n';
    return 1;
  }
  session->start(std::shared_ptr<mcp::Transport>(std::move(*transport)));
  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (!ec) ioc.stop();
  });
  // The session closes at stdin EOF; then nothing is left but the signal wait.
  while (!ioc.stopped() && !peer->closed()) ioc.run_one();
  return 0;
}

int serve_http(const std::shared_ptr<mcp::Catalog>& catalog, std::string_view listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string_view::npos) {
    std::cerr << "toolgate-mcp-fixture: --http expects HOST:PORT\n";
    return 2;
  }
  asio::io_context ioc(1);
  auto factory = [catalog] { return catalog->make_handler(); };
  mcp::StreamableHttpOptions streamable_options;
  mcp::StreamableHttpEndpoint streamable(ioc.get_executor(), streamable_options, factory);
  mcp::LegacySseEndpoint sse(ioc.get_executor(), mcp::LegacySseOptions{}, factory);
  net::ServerOptions options;
  options.host = std::string(listen.substr(0, colon));
  options.port = static_cast<std::uint16_t>(std::stoi(std::string(listen.substr(colon + 1))));
  net::HttpServer server(
      ioc, options,
      [&](const net::Request& req, net::ResponseWriter& writer) -> asio::awaitable<void> {
        const std::string_view path = req.target().substr(0, req.target().find('?'));
        if (path == "/mcp") {
          co_await streamable.handle(req, writer);
        } else if (path == "/sse") {
          co_await sse.handle_stream(req, writer);
        } else if (path == "/messages") {
          co_await sse.handle_message(req, writer);
        } else {
          net::Response res{net::http::status::not_found, req.version()};
          res.body() = "not found\n";
          co_await writer.send(std::move(res));
        }
      },
      [](net::http::status status, std::string message) {
        net::Response res{status, 11};
        res.body() = message;
        return res;
      });
  auto endpoint = server.listen();
  if (!endpoint) {
    std::cerr << "toolgate-mcp-fixture: cannot listen: " << endpoint.error().message() << '\n';
    return 1;
  }
  server.start();
  std::cout << "{\"port\":" << endpoint->port() << "}" << std::endl;
  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (ec) return;
    streamable.shutdown();
    sse.shutdown();
    server.shutdown(std::chrono::milliseconds(500), [&] { ioc.stop(); });
  });
  ioc.run();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view mode = argc > 1 ? argv[1] : "";
  auto catalog = toolgate::mcp::fixture::make_conformance_catalog();
  if (mode == "--stdio" && argc == 2) return serve_stdio(catalog);
  if (mode == "--http" && argc == 3) return serve_http(catalog, argv[2]);
  std::cerr << "usage: toolgate-mcp-fixture --stdio | --http HOST:PORT\n";
  return 2;
}
