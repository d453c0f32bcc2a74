// Client connection establishment.
#include "net/client_connection.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/socket.h>

#include <cerrno>

namespace toolgate::net {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;
using tcp = asio::ip::tcp;

using ResolveChannel =
    asio::experimental::concurrent_channel<void(error_code, tcp::resolver::results_type)>;

struct ResolveState {
  explicit ResolveState(const asio::any_io_executor& ex) : resolver(ex), channel(ex, 1) {}
  tcp::resolver resolver;
  ResolveChannel channel;
};

// The resolver runs getaddrinfo on a helper thread and ignores per-operation cancellation, so its result is
// handed over through a channel whose receive can be raced against the deadline; the shared state lets a
// late resolve finish after we have given up. The channel is thread-safe, so any caller executor works.
asio::awaitable<tcp::resolver::results_type> resolve(asio::any_io_executor io_ex, const Url& url, Deadline deadline,
                                                     error_code& ec) {
  auto state = std::make_shared<ResolveState>(io_ex);
  state->resolver.async_resolve(url.host, url.port, [state](error_code e, tcp::resolver::results_type r) {
    state->channel.try_send(e, std::move(r));
  });
  auto received = co_await race_deadline(state->channel.async_receive(asio::as_tuple(asio::use_awaitable)), deadline);
  if (!received) {
    state->resolver.cancel();
    ec = received.error();
    co_return tcp::resolver::results_type{};
  }
  ec = std::get<0>(*received);
  co_return std::move(std::get<1>(*received));
}

ClientError error_for(error_code ec, ClientErrc io_code, const std::string& what) {
  if (ec == asio::error::timed_out) {
    return {ClientErrc::timeout, what + " timed out"};
  }
  if (ec == asio::error::operation_aborted) {
    return {ClientErrc::cancelled, what + " was cancelled"};
  }
  return {io_code, what + " failed: " + ec.message()};
}

bool is_ip_literal(const std::string& host) {
  error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

}  // namespace

ClientConnection::ClientConnection(Socket socket) : plain_(std::move(socket)) {}

ClientConnection::ClientConnection(TlsStream stream) : tls_(std::move(stream)) {}

asio::awaitable<boost::system::result<std::unique_ptr<ClientConnection>, ClientError>> ClientConnection::connect(
    asio::any_io_executor ex, const Url& url, asio::ssl::context* tls, Deadline deadline) {
  const std::string peer = url.host + ":" + url.port;
  error_code ec;
  auto endpoints = co_await resolve(ex, url, deadline, ec);
  if (ec) {
    co_return error_for(ec, ClientErrc::connect_failed, "resolve " + url.host);
  }

  Socket socket(ex);
  auto connected =
      co_await race_deadline(asio::async_connect(socket, endpoints, asio::as_tuple(asio::use_awaitable)), deadline);
  if (!connected) {
    co_return error_for(connected.error(), ClientErrc::connect_failed, "connect to " + peer);
  }
  if (auto e = std::get<0>(*connected)) {
    co_return error_for(e, ClientErrc::connect_failed, "connect to " + peer);
  }
  socket.set_option(tcp::no_delay(true), ec);

  if (!url.tls()) {
    co_return std::make_unique<ClientConnection>(std::move(socket));
  }
  if (tls == nullptr) {
    co_return ClientError{ClientErrc::tls_failed, "TLS to " + peer + " failed: the client has no TLS context"};
  }
  TlsStream stream(std::move(socket), *tls);
  // SNI carries host names only (RFC 6066); IP literals are still verified against the certificate's SANs.
  if (!is_ip_literal(url.host) && SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str()) != 1) {
    co_return ClientError{ClientErrc::tls_failed, "TLS to " + peer + " failed: cannot set SNI host name"};
  }
  stream.set_verify_mode(asio::ssl::verify_peer);
  stream.set_verify_callback(asio::ssl::host_name_verification(url.host));
  auto shaken = co_await race_deadline(
      stream.async_handshake(asio::ssl::stream_base::client, asio::as_tuple(asio::use_awaitable)), deadline);
  if (!shaken) {
    co_return error_for(shaken.error(), ClientErrc::tls_failed, "TLS handshake with " + peer);
  }
  if (auto e = std::get<0>(*shaken)) {
    auto err = error_for(e, ClientErrc::tls_failed, "TLS handshake with " + peer);
    const long verify = SSL_get_verify_result(stream.native_handle());
    if (verify != X509_V_OK) {
      err.message += std::string(" (") + X509_verify_cert_error_string(verify) + ")";
    }
    co_return err;
  }
  co_return std::make_unique<ClientConnection>(std::move(stream));
}

bool ClientConnection::reusable() {
  Socket& s = socket();
  if (!s.is_open() || buffer_.size() != 0) {
    return false;
  }
  char byte = 0;
  const auto n = ::recv(s.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

void ClientConnection::close() {
  error_code ec;
  Socket& s = socket();
  s.shutdown(tcp::socket::shutdown_both, ec);
  s.close(ec);
}

}  // namespace toolgate::net
