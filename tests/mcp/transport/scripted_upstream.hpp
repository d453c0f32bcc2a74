// A scripted upstream MCP server for the client-transport tests: a real HttpServer on port 0 whose handler
// records every request and then runs the test's script, plus a collector for what a transport delivers.
#pragma once

#include "mcp/jsonrpc/codec.hpp"
#include "mcp/session/inbound.hpp"
#include "net/http_client.hpp"
#include "net/http_server.hpp"
#include "net/sse.hpp"
#include "net/url.hpp"
#include "tests/net/net_test_support.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace toolgate::mcp::testing {

namespace asio = boost::asio;
namespace http = net::http;
using namespace std::chrono_literals;

struct SeenRequest {
  std::string method;
  std::string target;
  std::string body;
  http::fields headers;

  std::string header(std::string_view name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string() : std::string(it->value());
  }
  bool has_header(std::string_view name) const { return headers.find(name) != headers.end(); }
  bool body_has(std::string_view text) const { return body.find(text) != std::string::npos; }
};

using Script = std::function<asio::awaitable<void>(const SeenRequest&, net::ResponseWriter&)>;

// Waits on the caller's executor; false when the wait was cancelled (server shutdown).
inline asio::awaitable<bool> pause(std::chrono::milliseconds d) {
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
  co_return !ec;
}

// Polls `ready` every few milliseconds for up to `limit`; a server script uses it to wait for the client.
template <typename Ready>
asio::awaitable<bool> pause_until(Ready ready, std::chrono::milliseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (!ready()) {
    if (std::chrono::steady_clock::now() > until || !co_await pause(5ms)) {
      co_return false;
    }
  }
  co_return true;
}

inline net::Response json_response(http::status status, std::string body) {
  net::Response res{status, 11};
  res.set(http::field::content_type, "application/json");
  res.body() = std::move(body);
  return res;
}

inline net::Response status_response(http::status status) { return net::Response{status, 11}; }

inline http::response<http::empty_body> sse_header() {
  http::response<http::empty_body> header{http::status::ok, 11};
  header.set(http::field::content_type, "text/event-stream");
  header.set(http::field::cache_control, "no-cache");
  return header;
}

// One event block; empty parts are left out.
inline std::string sse_block(std::string_view id, std::string_view data, std::string_view event = "",
                             std::string_view retry = "") {
  std::string out;
  if (!event.empty()) {
    out.append("event: ").append(event).append("\n");
  }
  if (!retry.empty()) {
    out.append("retry: ").append(retry).append("\n");
  }
  if (!id.empty()) {
    out.append("id: ").append(id).append("\n");
  }
  out.append("data: ").append(data).append("\n\n");
  return out;
}

class ScriptedUpstream {
 public:
  explicit ScriptedUpstream(Script script) : script_(std::move(script)) {
    server_ = std::make_unique<net::HttpServer>(
        io_.ioc, net::ServerOptions{},
        [this](const net::Request& req, net::ResponseWriter& w) { return handle(req, w); }, net::testing::plain_error);
    auto ep = server_->listen();
    EXPECT_TRUE(ep);
    port_ = ep ? ep->port() : 0;
    server_->start();
    http_ = std::make_shared<net::HttpClient>(io_.ioc.get_executor(), nullptr);
  }
  ~ScriptedUpstream() {
    std::promise<void> done;
    server_->shutdown(50ms, [&] { done.set_value(); });
    done.get_future().wait_for(3s);
    io_.stop();
  }

  net::Url url(std::string_view path) const {
    std::string text = "http://127.0.0.1:";
    text.append(std::to_string(port_)).append(path);
    return *net::parse_url(text);
  }
  asio::any_io_executor executor() { return io_.ioc.get_executor(); }
  std::shared_ptr<net::HttpClient> http() const { return http_; }

  std::vector<SeenRequest> requests() const {
    std::lock_guard lock(mutex_);
    return seen_;
  }
  std::vector<SeenRequest> requests(std::string_view method) const {
    std::vector<SeenRequest> out;
    for (auto& r : requests()) {
      if (r.method == method) {
        out.push_back(r);
      }
    }
    return out;
  }
  // Waits until `count` requests with `method` have arrived.
  bool wait_for(std::string_view method, std::size_t count, std::chrono::milliseconds limit = 2s) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, limit, [&] {
      std::size_t n = 0;
      for (const auto& r : seen_) {
        n += r.method == method ? 1 : 0;
      }
      return n >= count;
    });
  }

 private:
  asio::awaitable<void> handle(const net::Request& req, net::ResponseWriter& w) {
    SeenRequest seen{std::string(req.method_string()), std::string(req.target()), req.body(), req.base()};
    {
      std::lock_guard lock(mutex_);
      seen_.push_back(seen);
    }
    cv_.notify_all();
    co_await script_(seen, w);
    if (!w.started()) {
      auto res = status_response(http::status::not_found);
      co_await w.send(std::move(res));
    }
  }

  net::testing::IoThreads io_{2};
  Script script_;
  std::unique_ptr<net::HttpServer> server_;
  std::shared_ptr<net::HttpClient> http_;
  unsigned short port_ = 0;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<SeenRequest> seen_;
};

// What a transport hands to the session: messages in order, and how often it reported the connection closed.
class Received {
 public:
  Inbound inbound() {
    Inbound in;
    in.deliver = [this](jsonrpc::Message m) {
      std::lock_guard lock(mutex_);
      messages_.push_back(std::move(m));
      cv_.notify_all();
    };
    in.closed = [this] {
      std::lock_guard lock(mutex_);
      ++closed_;
      cv_.notify_all();
    };
    in.batches_allowed = [] { return false; };
    return in;
  }

  bool wait(std::function<bool(const std::vector<jsonrpc::Message>&)> done, std::chrono::milliseconds limit = 2s) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, limit, [&] { return done(messages_); });
  }
  bool wait_count(std::size_t n, std::chrono::milliseconds limit = 2s) {
    return wait([n](const auto& m) { return m.size() >= n; }, limit);
  }
  bool wait_closed(std::chrono::milliseconds limit = 2s) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, limit, [&] { return closed_ > 0; });
  }
  std::vector<jsonrpc::Message> messages() const {
    std::lock_guard lock(mutex_);
    return messages_;
  }
  int closed_count() const {
    std::lock_guard lock(mutex_);
    return closed_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<jsonrpc::Message> messages_;
  int closed_ = 0;
};

inline const jsonrpc::Result* as_result(const jsonrpc::Message& m) { return std::get_if<jsonrpc::Result>(&m); }
inline const jsonrpc::Error* as_error(const jsonrpc::Message& m) { return std::get_if<jsonrpc::Error>(&m); }

// Whether `messages` holds the result or error for `id`.
inline bool has_reply(const std::vector<jsonrpc::Message>& messages, const jsonrpc::Id& id) {
  for (const auto& m : messages) {
    if ((as_result(m) && as_result(m)->id == id) || (as_error(m) && as_error(m)->id == id)) {
      return true;
    }
  }
  return false;
}

}  // namespace toolgate::mcp::testing
