// The per-connection request loop of the HTTP server.
#include "net/server_session.hpp"

#include "net/deadline.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/read.hpp>

#include <array>
#include <exception>
#include <iostream>

namespace toolgate::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using boost::system::error_code;
using tcp = asio::ip::tcp;

// Bytes read ahead of the request being handled are capped here: pipelined requests beyond it stay in the
// kernel until the current response is written, so a pipelining client cannot make us buffer without bound.
constexpr std::size_t kReadAheadBytes = 64 * 1024;
// After an error response we keep reading (and discarding) briefly, so the client sees the response
// instead of a reset caused by unread request bytes.
constexpr std::chrono::milliseconds kLingerTime{500};
constexpr std::size_t kLingerBytes = 1024 * 1024;

using IoResult = std::tuple<error_code, std::size_t>;

error_code outcome(const boost::system::result<IoResult>& r) { return r ? std::get<0>(*r) : r.error(); }

class Session {
 public:
  Session(tcp::socket& socket, const SessionConfig& config, SessionControl& control)
      : socket_(socket),
        config_(config),
        options_(config.options),
        control_(control),
        buffer_(options_.max_header_bytes + kReadAheadBytes) {
    error_code ec;
    const auto remote = socket_.remote_endpoint(ec);
    if (!ec) {
      remote_address_ = remote.address().to_string();
    }
  }

  asio::awaitable<void> run() {
    for (;;) {
      if (control_.draining || control_.cancelled) {
        co_return;
      }
      if (buffer_.size() == 0 && !co_await wait_for_request()) {
        co_return;
      }
      control_.phase = SessionControl::Phase::reading;
      http::request_parser<http::string_body> parser;
      parser.header_limit(options_.max_header_bytes);
      parser.body_limit(options_.max_body_bytes);
      if (const error_code ec = co_await read_request(parser)) {
        const std::string target = parser.is_header_done() ? std::string(parser.get().target()) : std::string();
        co_await reject(ec, target);
        co_return;
      }
      control_.phase = SessionControl::Phase::busy;
      if (!co_await handle(parser.release())) {
        co_return;
      }
    }
  }

  // Closes after a response: stop sending, then drain what the client still sends for a moment.
  asio::awaitable<void> linger_close() {
    error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    const Deadline until = deadline_after(kLingerTime);
    std::array<char, 4096> scratch;
    std::size_t discarded = 0;
    while (!ec && !control_.cancelled && discarded < kLingerBytes) {
      auto r = co_await race_deadline<IoResult>(
          socket_.async_read_some(asio::buffer(scratch), asio::as_tuple(asio::use_awaitable)), until);
      ec = outcome(r);
      discarded += r ? std::get<1>(*r) : 0;
    }
  }

 private:
  // Waits for the first byte of the next request; false = idle timeout, peer gone, or shutdown.
  asio::awaitable<bool> wait_for_request() {
    control_.phase = SessionControl::Phase::idle;
    auto r = co_await race_deadline<std::tuple<error_code>>(
        socket_.async_wait(tcp::socket::wait_read, asio::as_tuple(asio::use_awaitable)),
        deadline_after(options_.idle_timeout));
    co_return r && !std::get<0>(*r) && !control_.draining;
  }

  asio::awaitable<error_code> read_request(http::request_parser<http::string_body>& parser) {
    const Deadline deadline = deadline_after(options_.read_timeout);
    error_code ec = outcome(co_await race_deadline<IoResult>(
        http::async_read_header(socket_, buffer_, parser, asio::as_tuple(asio::use_awaitable)), deadline));
    if (ec || parser.is_done()) {
      co_return ec;
    }
    if (beast::iequals(parser.get()[http::field::expect], "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      ec = outcome(co_await race_deadline<IoResult>(
          asio::async_write(socket_, asio::buffer(kContinue.data(), kContinue.size()),
                            asio::as_tuple(asio::use_awaitable)),
          deadline_after(options_.write_timeout)));
      if (ec) {
        co_return ec;
      }
    }
    co_return outcome(co_await race_deadline<IoResult>(
        http::async_read(socket_, buffer_, parser, asio::as_tuple(asio::use_awaitable)), deadline));
  }

  // Answers a request that failed before reaching the handler; quiet close when the peer simply left.
  asio::awaitable<void> reject(error_code ec, std::string_view target) {
    http::status status;
    std::string message;
    if (ec == http::error::body_limit) {
      status = http::status::payload_too_large;
      message = "request body exceeds the " + std::to_string(options_.max_body_bytes) +
                "-byte limit (server.max_body_bytes)";
    } else if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
      status = http::status::request_header_fields_too_large;
      message = "request headers exceed the " + std::to_string(options_.max_header_bytes) +
                "-byte limit (server.max_header_bytes)";
    } else if (ec == asio::error::timed_out) {
      status = http::status::request_timeout;
      message = "request not received within " + std::to_string(options_.read_timeout.count()) +
                " ms (server.read_timeout)";
    } else if (ec.category() == http::make_error_code(http::error::bad_method).category() &&
               ec != http::error::end_of_stream && ec != http::error::partial_message) {
      status = http::status::bad_request;
      message = "malformed HTTP request: " + ec.message();
    } else {
      co_return;
    }
    ResponseWriter writer(socket_, options_.write_timeout, 11, false, false, nullptr, remote_address_);
    if (co_await writer.send(config_.on_error(status, std::move(message), target))) {
      co_await linger_close();
    }
  }

  // Runs the handler for one request; true when the connection may carry the next request.
  asio::awaitable<bool> handle(Request req) {
    const bool keep_alive = req.keep_alive() && !control_.draining;
    ResponseWriter writer(socket_, options_.write_timeout, req.version(), req.method() == http::verb::head,
                          keep_alive, &control_.draining, remote_address_);
    try {
      co_await config_.handler(req, writer);
    } catch (const std::exception& e) {
      std::cerr << "toolgate: request handler for " << req.method_string() << " " << req.target()
                << " threw: " << e.what() << "\n";
    } catch (...) {
      std::cerr << "toolgate: request handler for " << req.method_string() << " " << req.target()
                << " threw a non-standard exception\n";
    }
    if (control_.cancelled) {
      co_return false;
    }
    if (!writer.started()) {
      co_await writer.send(
          config_.on_error(http::status::internal_server_error, "the request handler returned without a response",
                           req.target()));
    }
    if (!writer.complete()) {
      co_return false;  // a stream the handler abandoned cannot be framed any more
    }
    if (!writer.keep_alive() || control_.draining) {
      co_await linger_close();
      co_return false;
    }
    co_return true;
  }

  tcp::socket& socket_;
  const SessionConfig& config_;
  const ServerOptions& options_;
  SessionControl& control_;
  beast::flat_buffer buffer_;
  std::string remote_address_;
};

}  // namespace

void SessionControl::begin_drain() {
  draining = true;
  if (phase == Phase::idle && socket != nullptr) {
    error_code ec;
    socket->cancel(ec);
  }
}

void SessionControl::force_close() {
  cancelled = true;
  draining = true;
  signal.emit(asio::cancellation_type::terminal);
  if (socket != nullptr) {
    error_code ec;
    socket->shutdown(tcp::socket::shutdown_both, ec);
    socket->cancel(ec);
  }
}

asio::awaitable<void> run_session(tcp::socket socket, std::shared_ptr<const SessionConfig> config,
                                  std::shared_ptr<SessionControl> control) {
  // Cancellation is reported through error codes and control->cancelled, never as exceptions.
  co_await asio::this_coro::throw_if_cancelled(false);
  error_code ec;
  socket.set_option(tcp::no_delay(true), ec);  // SSE chunks must leave at once, not wait for Nagle
  control->socket = &socket;
  try {
    Session session(socket, *config, *control);
    co_await session.run();
  } catch (const std::exception& e) {
    std::cerr << "toolgate: HTTP session failed: " << e.what() << "\n";
  }
  control->socket = nullptr;
  control->phase = SessionControl::Phase::closed;
  socket.shutdown(tcp::socket::shutdown_both, ec);
  socket.close(ec);
}

}  // namespace toolgate::net
