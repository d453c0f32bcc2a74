#include "net/http_server.hpp"

#include "tests/net/net_test_support.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace toolgate::net {
namespace {

using namespace testing;
using boost::system::error_code;

// A value set once by server code and awaited by the test thread.
template <typename T>
class Signal {
 public:
  void set(T v) {
    std::lock_guard lock(mutex_);
    if (!value_) {
      value_ = std::move(v);
      cv_.notify_all();
    }
  }
  std::optional<T> wait(std::chrono::milliseconds limit = 5s) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, limit, [&] { return value_.has_value(); });
    return value_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::optional<T> value_;
};

asio::awaitable<error_code> sleep_for(std::chrono::milliseconds d) {
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
  co_return ec;
}

struct Probes {
  Signal<bool> disconnect_seen;
  Signal<error_code> wait_forever_result;
};

asio::awaitable<void> route(const Request& req, ResponseWriter& w, Probes& probes) {
  const std::string target(req.target());
  if (target == "/echo") {
    Response res{http::status::ok, 11};
    res.body() = "echo:" + req.body();
    co_await w.send(std::move(res));
  } else if (target.starts_with("/delay/")) {
    co_await sleep_for(std::chrono::milliseconds(std::stoi(target.substr(7))));
    Response res{http::status::ok, 11};
    res.body() = target;
    co_await w.send(std::move(res));
  } else if (target == "/stream") {
    http::response<http::empty_body> header{http::status::ok, 11};
    header.set(http::field::content_type, "text/event-stream");
    co_await w.start_stream(std::move(header), "a");  // header and first chunk in one write
    co_await sleep_for(200ms);
    co_await w.write_chunk("b");
    co_await w.write_chunk("c");
    co_await w.end_stream("d");  // the final chunk and the stream's end in one write
  } else if (target.starts_with("/slow-stream/")) {
    const auto pace = std::chrono::milliseconds(std::stoi(target.substr(13)));
    co_await w.start_stream(http::response<http::empty_body>{http::status::ok, 11});
    for (int i = 0; i < 5; ++i) {
      co_await sleep_for(pace);
      co_await w.write_chunk(std::to_string(i));
    }
    co_await w.end_stream();
  } else if (target == "/until-disconnect") {
    co_await w.start_stream(http::response<http::empty_body>{http::status::ok, 11});
    for (int i = 0; i < 2000; ++i) {
      if (!co_await w.write_chunk("data: tick\n\n")) {
        probes.disconnect_seen.set(w.failed());
        co_return;
      }
      co_await sleep_for(5ms);
    }
  } else if (target == "/wait-forever") {
    co_await w.start_stream(http::response<http::empty_body>{http::status::ok, 11});
    probes.wait_forever_result.set(co_await sleep_for(30s));
  } else if (target == "/throw") {
    throw std::runtime_error("handler failure for the test");
  }
  // "/nothing" and unknown targets return without a response.
}

class HttpServerTest : public ::testing::Test {
 protected:
  void start(ServerOptions options = {}) {
    server_ = std::make_unique<HttpServer>(
        io_.ioc, options, [this](const Request& req, ResponseWriter& w) { return route(req, w, probes_); },
        plain_error);
    auto ep = server_->listen();
    ASSERT_TRUE(ep) << ep.error().message();
    endpoint_ = *ep;
    server_->start();
  }
  void TearDown() override {
    if (server_) {
      Signal<bool> done;
      server_->shutdown(100ms, [&] { done.set(true); });
      done.wait();
    }
    io_.stop();
  }
  bool wait_sessions(std::size_t n, std::chrono::milliseconds limit = 3s) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (server_->active_sessions() != n) {
      if (std::chrono::steady_clock::now() > until) {
        return false;
      }
      std::this_thread::sleep_for(5ms);
    }
    return true;
  }

  IoThreads io_;
  Probes probes_;
  std::unique_ptr<HttpServer> server_;
  tcp::endpoint endpoint_;
};

TEST_F(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  start();
  EXPECT_NE(endpoint_.port(), 0);
  RawClient client(endpoint_);
  for (int i = 0; i < 3; ++i) {
    client.write(post_request("/echo", "n" + std::to_string(i)));
    auto res = client.read_response();
    EXPECT_EQ(res.result(), http::status::ok);
    EXPECT_EQ(res.body(), "echo:n" + std::to_string(i));
    EXPECT_TRUE(res.keep_alive());
  }
  EXPECT_EQ(server_->active_sessions(), 1u);
}

TEST_F(HttpServerTest, LargeBodyWithinTheLimitArrivesWhole) {
  start();
  RawClient client(endpoint_);
  std::string body(3 * 1024 * 1024 + 7, 'b');  // many times the read-ahead buffer
  body.back() = 'E';
  client.write(post_request("/echo", body));
  auto res = client.read_response();
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res.body(), "echo:" + body);
}

TEST_F(HttpServerTest, PipelinedRequestsAreAnsweredInOrder) {
  start();
  RawClient client(endpoint_);
  client.write(get_request("/delay/150") + post_request("/echo", "second") + get_request("/delay/1"));
  EXPECT_EQ(client.read_response().body(), "/delay/150");
  EXPECT_EQ(client.read_response().body(), "echo:second");
  EXPECT_EQ(client.read_response().body(), "/delay/1");
}

TEST_F(HttpServerTest, OversizedBodyGets413NamingTheLimit) {
  ServerOptions options;
  options.max_body_bytes = 1024;
  start(options);
  {
    RawClient client(endpoint_);
    client.write(post_request("/echo", std::string(4096, 'x')));
    auto res = client.read_response();
    EXPECT_EQ(res.result(), http::status::payload_too_large);
    EXPECT_EQ(res.body(), "request body exceeds the 1024-byte limit (server.max_body_bytes)");
    EXPECT_FALSE(res.keep_alive());
    EXPECT_TRUE(client.closed_by_peer());
  }
  RawClient chunked(endpoint_);  // no Content-Length: the limit trips while the chunks arrive
  const std::string chunk(1000, 'y');
  chunked.write("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3e8\r\n" + chunk + "\r\n3e8\r\n" +
                chunk + "\r\n0\r\n\r\n");
  EXPECT_EQ(chunked.read_response().result(), http::status::payload_too_large);
}

TEST_F(HttpServerTest, HugeHeadersGet431) {
  ServerOptions options;
  options.max_header_bytes = 1024;
  start(options);
  RawClient client(endpoint_);
  client.write(get_request("/echo", "X-Big: " + std::string(4000, 'h') + "\r\n"));
  auto res = client.read_response();
  EXPECT_EQ(res.result(), http::status::request_header_fields_too_large);
  EXPECT_EQ(res.body(), "request headers exceed the 1024-byte limit (server.max_header_bytes)");
  EXPECT_TRUE(client.closed_by_peer());
}

TEST_F(HttpServerTest, SlowlorisGets408AfterTheReadTimeout) {
  ServerOptions options;
  options.read_timeout = 300ms;
  start(options);
  RawClient client(endpoint_);
  const auto t0 = std::chrono::steady_clock::now();
  client.write("GET /echo HTTP/1.1\r\nHost: t\r\nX-Slow: ");
  auto res = client.read_response();
  const auto elapsed = std::chrono::steady_clock::now() - t0;
  EXPECT_EQ(res.result(), http::status::request_timeout);
  EXPECT_EQ(res.body(), "request not received within 300 ms (server.read_timeout)");
  EXPECT_GE(elapsed, 250ms);
  EXPECT_LT(elapsed, 3s);
  EXPECT_TRUE(client.closed_by_peer());
}

TEST_F(HttpServerTest, GarbageGets400AndTheServerKeepsServing) {
  start();
  {
    RawClient client(endpoint_);
    client.write("\x16\x03\x01 this is not http\r\n\r\n");
    auto res = client.read_response();
    EXPECT_EQ(res.result(), http::status::bad_request);
    EXPECT_TRUE(res.body().starts_with("malformed HTTP request"));
  }
  RawClient client(endpoint_);
  client.write(post_request("/echo", "ok"));
  EXPECT_EQ(client.read_response().body(), "echo:ok");
}

TEST_F(HttpServerTest, HandlerThatSendsNothingOrThrowsGets500) {
  start();
  RawClient client(endpoint_);
  client.write(get_request("/nothing"));
  auto res = client.read_response();
  EXPECT_EQ(res.result(), http::status::internal_server_error);
  EXPECT_EQ(res.body(), "the request handler returned without a response");
  client.write(get_request("/throw"));
  EXPECT_EQ(client.read_response().result(), http::status::internal_server_error);
  client.write(post_request("/echo", "alive"));  // same connection still usable
  EXPECT_EQ(client.read_response().body(), "echo:alive");
}

TEST_F(HttpServerTest, StreamChunksArriveOneByOne) {
  start();
  RawClient client(endpoint_);
  client.write(get_request("/stream"));
  http::response_parser<http::string_body> parser;
  int chunks = 0;
  auto on_chunk = [&](std::uint64_t size, std::string_view, error_code&) { chunks += size > 0 ? 1 : 0; };
  parser.on_chunk_header(on_chunk);
  http::read_header(client.socket(), client.buffer(), parser);
  EXPECT_TRUE(parser.get().chunked());
  EXPECT_EQ(parser.get()[http::field::content_type], "text/event-stream");
  while (parser.get().body().empty()) {
    http::read_some(client.socket(), client.buffer(), parser);
  }
  EXPECT_EQ(parser.get().body(), "a");  // "b" is written 200 ms later
  EXPECT_FALSE(parser.is_done());
  http::read(client.socket(), client.buffer(), parser);
  EXPECT_EQ(parser.get().body(), "abcd");
  EXPECT_EQ(chunks, 4);
  client.write(post_request("/echo", "after-stream"));  // keep-alive survives a stream
  EXPECT_EQ(client.read_response().body(), "echo:after-stream");
}

TEST_F(HttpServerTest, HeadAndHttp10FollowBeastSemantics) {
  start();
  {
    RawClient client(endpoint_);
    client.write("HEAD /echo HTTP/1.1\r\nHost: t\r\n\r\n");
    auto res = client.read_response(true);
    EXPECT_EQ(res[http::field::content_length], "5");
    EXPECT_TRUE(res.body().empty());
    client.write(post_request("/echo", "x"));
    EXPECT_EQ(client.read_response().body(), "echo:x");
  }
  {
    RawClient client(endpoint_);
    client.write("GET /echo HTTP/1.0\r\n\r\n");
    auto res = client.read_response();
    EXPECT_EQ(res.version(), 10u);
    EXPECT_EQ(res.body(), "echo:");
    EXPECT_TRUE(client.closed_by_peer());
  }
  RawClient stream(endpoint_);
  stream.write("GET /stream HTTP/1.0\r\n\r\n");
  auto res = stream.read_response();  // close-delimited body, no chunked coding in HTTP/1.0
  EXPECT_FALSE(res.chunked());
  EXPECT_EQ(res.body(), "abcd");
}

TEST_F(HttpServerTest, ExpectContinueIsAnswered) {
  start();
  RawClient client(endpoint_);
  client.write("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(client.read_response().result(), http::status::continue_);
  client.write("hello");
  EXPECT_EQ(client.read_response().body(), "echo:hello");
}

TEST_F(HttpServerTest, IdleKeepAliveConnectionIsClosed) {
  ServerOptions options;
  options.idle_timeout = 200ms;
  start(options);
  RawClient client(endpoint_);
  client.write(post_request("/echo", "x"));
  EXPECT_EQ(client.read_response().body(), "echo:x");
  EXPECT_TRUE(client.closed_by_peer());
  EXPECT_TRUE(wait_sessions(0));
}

TEST_F(HttpServerTest, ClientDisconnectMidStreamFailsWriteChunk) {
  start();
  {
    RawClient client(endpoint_);
    client.write(get_request("/until-disconnect"));
    http::response_parser<http::string_body> parser;
    http::read_header(client.socket(), client.buffer(), parser);
  }
  auto seen = probes_.disconnect_seen.wait();
  ASSERT_TRUE(seen.has_value()) << "write_chunk never reported the disconnect";
  EXPECT_TRUE(*seen);
  EXPECT_TRUE(wait_sessions(0));
  RawClient client(endpoint_);  // and the server is fine
  client.write(post_request("/echo", "y"));
  EXPECT_EQ(client.read_response().body(), "echo:y");
}

TEST_F(HttpServerTest, ShutdownLetsAnInFlightStreamFinishAndRefusesNewConnections) {
  start();
  RawClient idle(endpoint_);
  idle.write(post_request("/echo", "i"));
  EXPECT_EQ(idle.read_response().body(), "echo:i");

  RawClient client(endpoint_);
  client.write(get_request("/slow-stream/60"));
  http::response_parser<http::string_body> parser;
  http::read_header(client.socket(), client.buffer(), parser);

  Signal<bool> done;
  const auto t0 = std::chrono::steady_clock::now();
  server_->shutdown(3s, [&] { done.set(true); });
  EXPECT_TRUE(idle.closed_by_peer());  // idle keep-alive connections close at once

  bool refused = false;
  for (int i = 0; i < 100 && !refused; ++i) {
    asio::io_context ioc;
    tcp::socket probe(ioc);
    error_code ec;
    probe.connect(endpoint_, ec);
    refused = ec == asio::error::connection_refused;
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_TRUE(refused);

  http::read(client.socket(), client.buffer(), parser);
  EXPECT_EQ(parser.get().body(), "01234");
  EXPECT_TRUE(client.closed_by_peer());  // no keep-alive after the drained response
  ASSERT_TRUE(done.wait().has_value());
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
  EXPECT_EQ(server_->active_sessions(), 0u);
  server_.reset();
}

TEST_F(HttpServerTest, ShutdownCancelsAStreamThatOutlivesTheGrace) {
  start();
  RawClient client(endpoint_);
  client.write(get_request("/wait-forever"));
  http::response_parser<http::string_body> parser;
  http::read_header(client.socket(), client.buffer(), parser);

  Signal<bool> done;
  const auto t0 = std::chrono::steady_clock::now();
  server_->shutdown(200ms, [&] { done.set(true); });
  auto handler_result = probes_.wait_forever_result.wait();
  ASSERT_TRUE(handler_result.has_value());
  EXPECT_EQ(*handler_result, asio::error::operation_aborted);
  ASSERT_TRUE(done.wait().has_value());
  const auto elapsed = std::chrono::steady_clock::now() - t0;
  EXPECT_GE(elapsed, 150ms);
  EXPECT_LT(elapsed, 3s);
  EXPECT_EQ(server_->active_sessions(), 0u);
  server_.reset();
}

}  // namespace
}  // namespace toolgate::net
