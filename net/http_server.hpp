// HTTP/1.1 server: accept loop plus one coroutine per connection on its own strand, with graceful shutdown.
// Requests are answered strictly in order; limits and deadlines guard every read and write.
#pragma once

#include "net/http_types.hpp"
#include "net/response_writer.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/system/result.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace toolgate::net {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::uint32_t max_header_bytes = 16 * 1024;
  std::uint64_t max_body_bytes = 8 * 1024 * 1024;
  std::chrono::milliseconds read_timeout{30000};   // a whole request (header+body) must arrive within this
  std::chrono::milliseconds write_timeout{30000};  // each write must finish within this
  std::chrono::milliseconds idle_timeout{75000};   // keep-alive wait for the next request
};

using Handler = std::function<boost::asio::awaitable<void>(const Request&, ResponseWriter&)>;

// Builds the response for requests the server rejects before any handler runs (body over limit → 413,
// headers over limit → 431, malformed HTTP → 400, read timeout → 408; and 500 when a handler sent nothing),
// so the application owns the body shape. `message` names the limit, e.g.
// "request body exceeds the 8388608-byte limit (server.max_body_bytes)". `target` is the request-target
// when the request line was read (else empty), so the body can follow the route (JSON-RPC on MCP paths).
using ErrorResponder = std::function<Response(http::status status, std::string message, std::string_view target)>;
// The same for applications that answer every route alike.
using PlainErrorResponder = std::function<Response(http::status status, std::string message)>;

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& ioc, ServerOptions options, Handler handler, ErrorResponder on_error);
  HttpServer(boost::asio::io_context& ioc, ServerOptions options, Handler handler, PlainErrorResponder on_error);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens; port 0 picks an ephemeral port. Returns the bound endpoint.
  boost::system::result<boost::asio::ip::tcp::endpoint> listen();
  // Starts the accept loop (after listen()).
  void start();
  // Graceful: stop accepting now, idle keep-alive connections close, in-flight requests/streams may finish
  // (then close); after `grace` every remaining session is cancelled (its handler sees operation_aborted).
  // `on_done` runs on the io_context when the last session has ended.
  void shutdown(std::chrono::milliseconds grace, std::function<void()> on_done);
  std::size_t active_sessions() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace toolgate::net
