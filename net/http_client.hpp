// HTTP/1.1 client for upstream model servers and MCP endpoints: keep-alive pool, TLS, timeouts, body limit.
// Responses are streamed: send() returns once the header is in, the body is read through ClientResponse.
#pragma once

#include "net/client_error.hpp"
#include "net/client_response.hpp"
#include "net/connection_pool.hpp"
#include "net/http_types.hpp"
#include "net/tls_context.hpp"
#include "net/url.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/system/result.hpp>

#include <chrono>
#include <cstdint>
#include <memory>

namespace toolgate::net {

struct ClientOptions {
  std::chrono::milliseconds connect_timeout{10000};      // DNS + TCP + TLS handshake
  std::chrono::milliseconds first_byte_timeout{120000};  // from sending the request until the response header
  std::chrono::milliseconds idle_timeout{120000};        // max silence while reading the body
  std::uint64_t max_body_bytes = 64 * 1024 * 1024;
};

// Thread-safe to share; each send() and each ClientResponse must be awaited from a strand (or a single-threaded
// io_context), as server sessions are, because deadlines race timers on the caller's executor.
class HttpClient {
 public:
  // `ex` runs the sockets and timers; `tls` verifies https peers and may be null for plain-http-only use.
  HttpClient(boost::asio::any_io_executor ex, std::shared_ptr<boost::asio::ssl::context> tls);

  // Sends `req` (target, method, headers and body set by the caller; Host, Content-Length and User-Agent are
  // filled in if absent) and waits for the response header. A pooled connection that turns out to be closed
  // by the server is replaced once, transparently.
  boost::asio::awaitable<boost::system::result<std::unique_ptr<ClientResponse>, ClientError>> send(
      const Url& url, Request req, ClientOptions options);

  // Connections waiting in the pool (for tests and metrics).
  std::size_t idle_connections() const;

 private:
  boost::asio::any_io_executor ex_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  std::shared_ptr<ConnectionPool> pool_;
};

}  // namespace toolgate::net
