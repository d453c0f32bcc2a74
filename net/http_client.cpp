// HTTP client request/response exchange.
#include "net/http_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace toolgate::net {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;

constexpr std::uint32_t kMaxResponseHeaderBytes = 64 * 1024;
constexpr std::string_view kUserAgent = "toolgate/0.1";

// A reused connection the server closed while it sat idle fails like this before any response byte.
bool stale_connection_error(error_code ec) {
  return ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::ssl::error::stream_truncated;
}

ClientError exchange_error(error_code ec, const std::string& peer, const ClientOptions& options) {
  if (ec == asio::error::timed_out) {
    return {ClientErrc::timeout, "no response header from " + peer + " within " +
                                     std::to_string(options.first_byte_timeout.count()) + " ms"};
  }
  if (ec == asio::error::operation_aborted) {
    return {ClientErrc::cancelled, "request to " + peer + " was cancelled"};
  }
  if (ec == http::error::body_limit) {
    return {ClientErrc::body_too_large,
            "response body from " + peer + " exceeds the " + std::to_string(options.max_body_bytes) + "-byte limit"};
  }
  if (ec.category() == http::make_error_code(http::error::end_of_stream).category() || ec == http::error::header_limit) {
    return {ClientErrc::protocol_error, "invalid response from " + peer + ": " + ec.message()};
  }
  return {ClientErrc::connect_failed, "connection to " + peer + " failed before the response header: " + ec.message()};
}

}  // namespace

HttpClient::HttpClient(asio::any_io_executor ex, std::shared_ptr<asio::ssl::context> tls)
    : ex_(std::move(ex)), tls_(std::move(tls)), pool_(std::make_shared<ConnectionPool>()) {}

std::size_t HttpClient::idle_connections() const { return pool_->idle_count(); }

asio::awaitable<boost::system::result<std::unique_ptr<ClientResponse>, ClientError>> HttpClient::send(
    const Url& url, Request req, ClientOptions options) {
  if (req.find(http::field::host) == req.end()) {
    req.set(http::field::host, url.authority());
  }
  if (req.find(http::field::user_agent) == req.end()) {
    req.set(http::field::user_agent, kUserAgent);
  }
  if (!req.has_content_length() && !req.chunked()) {
    req.prepare_payload();
  }
  const std::string key = ConnectionPool::key_for(url);
  const std::string peer = url.host + ":" + url.port;

  for (int attempt = 0;; ++attempt) {
    auto conn = attempt == 0 ? pool_->take(key) : nullptr;
    const bool reused = conn != nullptr;
    if (!conn) {
      auto connected = co_await ClientConnection::connect(ex_, url, tls_.get(), deadline_after(options.connect_timeout));
      if (!connected) {
        co_return connected.error();
      }
      conn = std::move(*connected);
    }
    const Deadline first_byte = deadline_after(options.first_byte_timeout);

    auto written = co_await race_deadline(
        conn->with_stream([&req](auto& s) { return http::async_write(s, req, asio::as_tuple(asio::use_awaitable)); }),
        first_byte);
    error_code ec = written ? std::get<0>(*written) : written.error();

    auto parser = std::make_unique<ClientResponse::Parser>();
    if (!ec) {
      // 1xx interim responses (e.g. 100 Continue) precede the real one; skip them.
      for (;;) {
        parser->header_limit(kMaxResponseHeaderBytes);
        parser->body_limit(options.max_body_bytes);
        if (req.method() == http::verb::head) {
          parser->skip(true);
        }
        auto header = co_await race_deadline(conn->with_stream([&](auto& s) {
          return http::async_read_header(s, conn->buffer(), *parser, asio::as_tuple(asio::use_awaitable));
        }),
                                             first_byte);
        ec = header ? std::get<0>(*header) : header.error();
        const unsigned status = parser->get().result_int();
        if (ec || status / 100 != 1 || status == 101) {
          break;
        }
        parser = std::make_unique<ClientResponse::Parser>();
      }
    }
    if (!ec) {
      co_return std::make_unique<ClientResponse>(std::move(conn), std::move(parser), pool_, key, peer,
                                                 options.idle_timeout, options.max_body_bytes);
    }
    conn->close();
    if (reused && attempt == 0 && stale_connection_error(ec)) {
      continue;
    }
    co_return exchange_error(ec, peer, options);
  }
}

}  // namespace toolgate::net
