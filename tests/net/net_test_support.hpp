// Test helpers for net/: an io_context on background threads, a blocking raw client, coroutine runners.
// Test clients are plain blocking sockets so the server under test is driven by an independent implementation.
#pragma once

#include "net/http_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <chrono>
#include <future>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace toolgate::net::testing {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

class IoThreads {
 public:
  explicit IoThreads(int n = 2) : work_(asio::make_work_guard(ioc)) {
    for (int i = 0; i < n; ++i) {
      threads_.emplace_back([this] { ioc.run(); });
    }
  }
  ~IoThreads() { stop(); }
  void stop() {
    work_.reset();
    ioc.stop();
    for (auto& t : threads_) {
      if (t.joinable()) {
        t.join();
      }
    }
  }
  asio::io_context ioc;

 private:
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  std::vector<std::thread> threads_;
};

// Runs a coroutine on `ex` and waits for its result, failing the test instead of hanging.
template <typename T, typename Executor>
T run_co(Executor ex, asio::awaitable<T> op, std::chrono::milliseconds limit = 10s) {
  auto future = asio::co_spawn(ex, std::move(op), asio::use_future);
  if (future.wait_for(limit) != std::future_status::ready) {
    throw std::runtime_error("coroutine did not finish in time");
  }
  return future.get();
}

inline Response plain_error(http::status status, std::string message) {
  Response res{status, 11};
  res.set(http::field::content_type, "text/plain");
  res.body() = std::move(message);
  return res;
}

// A blocking client socket with a receive timeout so a broken server fails the test instead of hanging it.
class RawClient {
 public:
  explicit RawClient(const tcp::endpoint& ep) : socket_(ioc_) {
    socket_.connect(ep);
    timeval tv{5, 0};
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  void write(std::string_view bytes) { asio::write(socket_, asio::buffer(bytes.data(), bytes.size())); }
  http::response<http::string_body> read_response(bool head = false) {
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    parser.skip(head);
    http::read(socket_, buffer_, parser);
    return parser.release();
  }
  // True when the server closed the connection (EOF) rather than sending more or timing out.
  bool closed_by_peer() {
    char c;
    boost::system::error_code ec;
    if (buffer_.size() > 0) {
      return false;
    }
    socket_.read_some(asio::buffer(&c, 1), ec);
    return ec == asio::error::eof || ec == asio::error::connection_reset;
  }
  tcp::socket& socket() { return socket_; }
  boost::beast::flat_buffer& buffer() { return buffer_; }

 private:
  asio::io_context ioc_;
  tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

inline std::string get_request(std::string_view target, std::string_view extra_headers = "") {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" + std::string(extra_headers) + "\r\n";
}

inline std::string post_request(std::string_view target, std::string_view body) {
  return "POST " + std::string(target) + " HTTP/1.1\r\nHost: test\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + std::string(body);
}

}  // namespace toolgate::net::testing
