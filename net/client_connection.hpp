// One client connection to an upstream: a TCP socket, or TLS over one, plus its read buffer.
// Connecting covers DNS, TCP and the TLS handshake (SNI, peer and host name verification) under one deadline.
#pragma once

#include "net/client_error.hpp"
#include "net/deadline.hpp"
#include "net/url.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/system/result.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace toolgate::net {

class ClientConnection {
 public:
  using Socket = boost::asio::ip::tcp::socket;
  using TlsStream = boost::asio::ssl::stream<Socket>;

  // Resolves, connects and (for https) handshakes before `deadline`. `tls` may be null for plain http.
  static boost::asio::awaitable<boost::system::result<std::unique_ptr<ClientConnection>, ClientError>> connect(
      boost::asio::any_io_executor ex, const Url& url, boost::asio::ssl::context* tls, Deadline deadline);

  explicit ClientConnection(Socket socket);
  explicit ClientConnection(TlsStream stream);

  // Calls `fn` with the concrete stream so Beast algorithms are instantiated for both stream types.
  template <typename Fn>
  auto with_stream(Fn&& fn) {
    return tls_ ? fn(*tls_) : fn(*plain_);
  }

  boost::beast::flat_buffer& buffer() { return buffer_; }
  Socket& socket() { return tls_ ? tls_->next_layer() : *plain_; }

  // False when the peer has closed or sent unsolicited bytes while the connection sat in the pool.
  bool reusable();
  void close();

  std::chrono::steady_clock::time_point idle_since;

 private:
  std::optional<Socket> plain_;
  std::optional<TlsStream> tls_;
  boost::beast::flat_buffer buffer_;
};

}  // namespace toolgate::net
