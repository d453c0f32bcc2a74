#include "net/http_client.hpp"

#include "net/http_server.hpp"
#include "tests/net/net_test_support.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <gtest/gtest.h>

#include <atomic>

namespace toolgate::net {
namespace {

using namespace testing;
using boost::system::error_code;

asio::awaitable<error_code> sleep_for(std::chrono::milliseconds d) {
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
  co_return ec;
}

asio::awaitable<void> route(const Request& req, ResponseWriter& w, std::atomic<bool>& upstream_saw_close) {
  const std::string target(req.target());
  if (target == "/echo") {
    Response res{http::status::created, 11};
    res.set("X-Method", req.method_string());
    res.set("X-Host", req[http::field::host]);
    res.set("X-Agent", req[http::field::user_agent]);
    res.body() = req.body();
    co_await w.send(std::move(res));
  } else if (target == "/big") {
    Response res{http::status::ok, 11};
    res.body() = std::string(10000, 'z');
    co_await w.send(std::move(res));
  } else if (target == "/slow-header") {
    co_await sleep_for(2s);
    Response res{http::status::ok, 11};
    co_await w.send(std::move(res));
  } else if (target == "/stream") {
    co_await w.start_stream(http::response<http::empty_body>{http::status::ok, 11});
    co_await w.write_chunk("data: 1\n\n");
    co_await sleep_for(200ms);
    co_await w.write_chunk("data: 2\n\n");
    co_await w.end_stream();
  } else if (target == "/stall") {
    co_await w.start_stream(http::response<http::empty_body>{http::status::ok, 11});
    co_await w.write_chunk("first");
    for (int i = 0; i < 400; ++i) {
      if (co_await sleep_for(10ms)) {
        co_return;  // server shutdown cancelled the handler
      }
      // Empty chunks write nothing; after half a second the handler starts writing again.
      const std::string_view data = i < 50 ? std::string_view() : std::string_view("late");
      const bool written = co_await w.write_chunk(data);
      if (!written) {
        upstream_saw_close = true;
        co_return;
      }
    }
    co_await w.end_stream();
  }
}

class HttpClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.idle_timeout = 300ms;  // lets the stale-connection test see the server close an idle connection
    server_ = std::make_unique<HttpServer>(
        io_.ioc, options, [this](const Request& req, ResponseWriter& w) { return route(req, w, upstream_saw_close_); }, plain_error);
    auto ep = server_->listen();
    ASSERT_TRUE(ep);
    server_->start();
    base_ = *parse_url("http://127.0.0.1:" + std::to_string(ep->port()));
  }
  void TearDown() override {
    std::promise<void> done;
    server_->shutdown(100ms, [&] { done.set_value(); });
    done.get_future().wait_for(5s);
    io_.stop();
  }

  template <typename T>
  T run(asio::awaitable<T> op) {
    return run_co(asio::make_strand(io_.ioc), std::move(op));
  }

  Request get(std::string target) { return Request{http::verb::get, target, 11}; }

  IoThreads io_;
  std::unique_ptr<HttpServer> server_;
  Url base_;
  HttpClient client_{io_.ioc.get_executor(), make_client_tls_context()};
  std::atomic<bool> upstream_saw_close_{false};
};

TEST_F(HttpClientTest, WholeBodyWithFilledInHeaders) {
  auto result = run([&]() -> asio::awaitable<std::pair<unsigned, std::string>> {
    Request req{http::verb::post, "/echo", 11};
    req.body() = "{\"x\":1}";
    auto res = co_await client_.send(base_, std::move(req), {});
    if (!res) {
      co_return std::pair{0u, res.error().message};
    }
    auto body = co_await (*res)->read_all();
    EXPECT_EQ((*res)->headers()["X-Method"], "POST");
    EXPECT_EQ((*res)->headers()["X-Host"], base_.authority());
    EXPECT_EQ((*res)->headers()["X-Agent"], "toolgate/0.1");
    co_return std::pair{(*res)->status(), body ? *body : body.error().message};
  }());
  EXPECT_EQ(result.first, 201u);
  EXPECT_EQ(result.second, "{\"x\":1}");
}

TEST_F(HttpClientTest, ReadSomeStreamsChunksAsTheyArrive) {
  auto parts = run([&]() -> asio::awaitable<std::vector<std::string>> {
    std::vector<std::string> out;
    auto res = co_await client_.send(base_, get("/stream"), {});
    EXPECT_TRUE(res);
    if (!res) {
      co_return out;
    }
    for (;;) {
      auto part = co_await (*res)->read_some();
      EXPECT_TRUE(part);
      if (!part || !*part) {
        co_return out;
      }
      out.push_back(**part);
    }
  }());
  ASSERT_EQ(parts.size(), 2u);  // the 200 ms gap keeps the two events in separate reads
  EXPECT_EQ(parts[0], "data: 1\n\n");
  EXPECT_EQ(parts[1], "data: 2\n\n");
}

TEST_F(HttpClientTest, ConnectionsAreReusedAndStaleOnesReplaced) {
  auto fetch = [&](std::string body) -> asio::awaitable<std::string> {
    Request req{http::verb::post, "/echo", 11};
    req.body() = body;
    auto res = co_await client_.send(base_, std::move(req), {});
    if (!res) {
      co_return "error: " + res.error().message;
    }
    auto all = co_await (*res)->read_all();
    co_return all ? *all : "error: " + all.error().message;
  };
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(run(fetch(std::to_string(i))), std::to_string(i));
    EXPECT_EQ(client_.idle_connections(), 1u);
    EXPECT_EQ(server_->active_sessions(), 1u);  // one accepted connection carried every request
  }
  std::this_thread::sleep_for(600ms);  // the server's 300 ms idle timeout closes the pooled connection
  EXPECT_EQ(server_->active_sessions(), 0u);
  EXPECT_EQ(run(fetch("after-idle")), "after-idle");
}

TEST_F(HttpClientTest, ConnectRefusedNamesThePeer) {
  unsigned short port = 0;
  {
    asio::io_context ioc;
    tcp::acceptor probe(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = probe.local_endpoint().port();
  }
  auto url = *parse_url("http://127.0.0.1:" + std::to_string(port));
  auto error = run([&]() -> asio::awaitable<ClientError> {
    auto res = co_await client_.send(url, get("/"), {});
    co_return res ? ClientError{} : res.error();
  }());
  EXPECT_EQ(error.code, ClientErrc::connect_failed);
  EXPECT_EQ(error.message, "connect to 127.0.0.1:" + std::to_string(port) + " failed: Connection refused");
}

TEST_F(HttpClientTest, FirstByteTimeout) {
  ClientOptions options;
  options.first_byte_timeout = 200ms;
  const auto t0 = std::chrono::steady_clock::now();
  auto error = run([&]() -> asio::awaitable<ClientError> {
    auto res = co_await client_.send(base_, get("/slow-header"), options);
    co_return res ? ClientError{} : res.error();
  }());
  EXPECT_EQ(error.code, ClientErrc::timeout);
  EXPECT_NE(error.message.find("within 200 ms"), std::string::npos) << error.message;
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1500ms);
}

TEST_F(HttpClientTest, BodyLimitAndIdleTimeout) {
  ClientOptions small;
  small.max_body_bytes = 1000;
  auto too_large = run([&]() -> asio::awaitable<ClientError> {
    auto res = co_await client_.send(base_, get("/big"), small);
    if (!res) {
      co_return res.error();
    }
    auto body = co_await (*res)->read_all();
    co_return body ? ClientError{} : body.error();
  }());
  EXPECT_EQ(too_large.code, ClientErrc::body_too_large);
  EXPECT_NE(too_large.message.find("1000-byte limit"), std::string::npos);

  ClientOptions impatient;
  impatient.idle_timeout = 200ms;
  auto stalled = run([&]() -> asio::awaitable<ClientError> {
    auto res = co_await client_.send(base_, get("/stall"), impatient);
    if (!res) {
      co_return res.error();
    }
    auto first = co_await (*res)->read_some();
    EXPECT_TRUE(first && *first && **first == "first");
    auto second = co_await (*res)->read_some();
    co_return second ? ClientError{} : second.error();
  }());
  EXPECT_EQ(stalled.code, ClientErrc::timeout);
}

TEST_F(HttpClientTest, CancelledReadReturnsPromptlyAndClosesTheConnection) {
  using namespace asio::experimental::awaitable_operators;
  const auto t0 = std::chrono::steady_clock::now();
  auto outcome = run([&]() -> asio::awaitable<std::size_t> {
    auto res = co_await client_.send(base_, get("/stall"), {});
    EXPECT_TRUE(res);
    if (!res) {
      co_return 99;
    }
    auto first = co_await (*res)->read_some();
    EXPECT_TRUE(first && *first);
    // The stall handler stays silent for half a second; the timer wins and cancels the pending read.
    auto raced = co_await ((*res)->read_some() || sleep_for(100ms));
    if (raced.index() == 0) {
      co_return 98;
    }
    auto after = co_await (*res)->read_some();  // the connection is gone, so later reads fail too
    EXPECT_FALSE(after);
    if (!after) {
      EXPECT_EQ(after.error().code, ClientErrc::cancelled);
    }
    co_return raced.index();
  }());
  EXPECT_EQ(outcome, 1u);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 450ms);
  for (int i = 0; i < 400 && !upstream_saw_close_; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_TRUE(upstream_saw_close_);  // the server's next write failed: the socket really was closed
  EXPECT_EQ(client_.idle_connections(), 0u);
}

TEST_F(HttpClientTest, DroppingAResponseMidBodyClosesTheConnection) {
  run([&]() -> asio::awaitable<void> {
    auto res = co_await client_.send(base_, get("/stall"), {});
    EXPECT_TRUE(res);
    if (res) {
      auto first = co_await (*res)->read_some();
      EXPECT_TRUE(first && *first);
    }
  }());
  for (int i = 0; i < 400 && !upstream_saw_close_; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_TRUE(upstream_saw_close_);
  EXPECT_EQ(client_.idle_connections(), 0u);
}

}  // namespace
}  // namespace toolgate::net
