// Drives UpstreamBackend against an in-process fake upstream (a Beast coroutine server on port 0):
// streaming, non-streaming, retries, error mapping, timeouts and consumer-gone cancellation.
#include "gateway/upstream/upstream_backend.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <functional>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/json.hpp>

#include "net/tls_context.hpp"
#include "tests/gateway/upstream/event_text.hpp"

namespace toolgate::gateway::upstream {
namespace {

namespace asio = boost::asio;
namespace http = net::http;
using asio::awaitable;
using asio::ip::tcp;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

// Writes one scripted reply on an accepted socket (the request has already been read).
using Script = std::function<awaitable<void>(tcp::socket&)>;

awaitable<void> write(tcp::socket& s, std::string text) {
  co_await asio::async_write(s, asio::buffer(text), asio::as_tuple(asio::use_awaitable));
}

Script reply(unsigned status, std::string content_type, std::string body) {
  return [=](tcp::socket& s) -> awaitable<void> {
    co_await write(s, "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: " + content_type +
                          "\r\nContent-Length: " + std::to_string(body.size()) +
                          "\r\nConnection: close\r\n\r\n" + body);
  };
}

std::string chunked(std::string_view piece) {
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
  return size + std::string(piece) + "\r\n";
}

// An SSE reply in chunked encoding, one TCP write per piece; `end` terminates the body cleanly.
Script sse(std::vector<std::string> pieces, bool end = true) {
  return [=](tcp::socket& s) -> awaitable<void> {
    co_await write(s, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                      "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
    for (const auto& p : pieces) co_await write(s, chunked(p));
    if (end) co_await write(s, "0\r\n\r\n");
  };
}

Script hang() {
  return [](tcp::socket& s) -> awaitable<void> {
    asio::steady_timer t(s.get_executor(), 30s);
    co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
  };
}

class FakeUpstream {
 public:
  FakeUpstream(asio::io_context& ioc, std::vector<Script> scripts)
      : acceptor_(ioc, tcp::endpoint(asio::ip::address_v4::loopback(), 0)),
        scripts_(std::move(scripts)) {
    asio::co_spawn(ioc, accept_loop(), asio::detached);
  }

  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  std::vector<net::Request> requests;

 private:
  awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(asio::as_tuple(asio::use_awaitable));
      if (ec) co_return;
      asio::co_spawn(acceptor_.get_executor(), serve(std::move(socket)), asio::detached);
    }
  }

  awaitable<void> serve(tcp::socket socket) {
    boost::beast::flat_buffer buffer;
    net::Request req;
    auto [ec, n] = co_await http::async_read(socket, buffer, req, asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    const std::size_t i = std::min(requests.size(), scripts_.size() - 1);
    requests.push_back(std::move(req));
    co_await scripts_[i](socket);
    boost::system::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_send, ignored);
  }

  tcp::acceptor acceptor_;
  std::vector<Script> scripts_;
};

std::string chunk(std::string_view delta, std::string_view finish = "null") {
  return R"(data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":)" +
         std::string(delta) + R"(,"finish_reason":)" + std::string(finish) + "}]}\n\n";
}

const std::string kUsageEvent =
    R"(data: {"id":"c","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":3,"prompt_tokens_details":{"cached_tokens":4}}})"
    "\n\n";

class UpstreamBackendTest : public ::testing::Test {
 protected:
  UpstreamBackendTest() {
    chat_.model = "public-model";
    chat_.stream = true;
    chat_.generate.messages.push_back({backend::Role::user, "hi", false, std::nullopt, {}, "", ""});
    options_.name = "fake";
    options_.api_key = "sk-test";
    options_.dialect = Dialect::glm;
    options_.headers = {{"x-extra", "1"}};
  }

  // Runs one generate() against `upstream`; the consumer stops at the terminal event, or after
  // `stop_after` events by closing the channel (the client went away).
  std::vector<backend::Event> generate(FakeUpstream& upstream, std::size_t stop_after = SIZE_MAX) {
    return generate(upstream.port(), stop_after);
  }

  std::vector<backend::Event> generate(unsigned short port, std::size_t stop_after = SIZE_MAX) {
    options_.base_url = net::parse_url("http://127.0.0.1:" + std::to_string(port) + "/v1").value();
    auto client = std::make_shared<net::HttpClient>(ioc_.get_executor(), net::make_client_tls_context());
    UpstreamBackend backend(ioc_.get_executor(), client, options_);
    EventChannel channel(ioc_, 4);
    BackendCall call{chat_, "upstream-model", "req-1"};
    std::vector<backend::Event> events;
    bool producer_done = false;
    asio::co_spawn(ioc_, [&]() -> awaitable<void> {
      co_await backend.generate(call, channel);
      producer_done = true;
    }, asio::detached);
    asio::co_spawn(ioc_, [&]() -> awaitable<void> {
      for (;;) {
        auto [ec, ev] = co_await channel.async_receive(asio::as_tuple(asio::use_awaitable));
        if (ec) co_return;
        events.push_back(ev);
        if (backend::is_terminal(ev)) co_return;
        if (events.size() >= stop_after) {
          channel.close();
          co_return;
        }
      }
    }, asio::detached);
    const auto give_up = std::chrono::steady_clock::now() + 10s;
    while (!producer_done && std::chrono::steady_clock::now() < give_up) ioc_.run_for(10ms);
    EXPECT_TRUE(producer_done) << "generate() did not return";
    return events;
  }

  asio::io_context ioc_;
  openai::ChatRequest chat_;
  UpstreamOptions options_;
};

TEST_F(UpstreamBackendTest, StreamsEventsAndSendsTheRightRequest) {
  // The first TCP write ends mid-JSON so SSE framing across reads is exercised.
  const std::string first = chunk(R"({"role":"assistant","reasoning_content":"think"})") +
                            chunk(R"({"content":"Hello"})");
  FakeUpstream upstream(ioc_, {sse({first.substr(0, first.size() - 17), first.substr(first.size() - 17),
                                    chunk(R"({"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]})"),
                                    chunk("{}", R"("tool_calls")"), kUsageEvent, "data: [DONE]\n\n"})});
  auto events = generate(upstream);
  EXPECT_THAT(testing::to_text(events),
              ElementsAre("R:think", "T:Hello", "B0:call_1:f", "A0:{}", "U:9/4/3/0", "F:tool_calls"));

  ASSERT_EQ(upstream.requests.size(), 1u);
  const auto& req = upstream.requests[0];
  EXPECT_EQ(req.method(), http::verb::post);
  EXPECT_EQ(req.target(), "/v1/chat/completions");
  EXPECT_EQ(req[http::field::authorization], "Bearer sk-test");
  EXPECT_EQ(req[http::field::content_type], "application/json");
  EXPECT_EQ(req[http::field::accept], "text/event-stream");
  EXPECT_EQ(req["x-request-id"], "req-1");
  EXPECT_EQ(req["x-extra"], "1");
  auto body = boost::json::parse(req.body()).as_object();
  EXPECT_EQ(body["model"], "upstream-model");
  EXPECT_EQ(body["stream"], true);
  EXPECT_EQ(body["stream_options"], (boost::json::value{{"include_usage", true}}));
}

TEST_F(UpstreamBackendTest, NonStreaming) {
  chat_.stream = false;
  options_.api_key.clear();
  FakeUpstream upstream(ioc_, {reply(200, "application/json",
      R"({"choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Hi"}}],"usage":{"prompt_tokens":2,"completion_tokens":1}})")});
  EXPECT_THAT(testing::to_text(generate(upstream)), ElementsAre("T:Hi", "U:2/0/1/0", "F:stop"));
  ASSERT_EQ(upstream.requests.size(), 1u);
  EXPECT_EQ(upstream.requests[0][http::field::authorization], "");
  EXPECT_EQ(upstream.requests[0][http::field::accept], "application/json");
  EXPECT_EQ(boost::json::parse(upstream.requests[0].body()).as_object()["stream"], false);
}

TEST_F(UpstreamBackendTest, RetriesA500ThenSucceeds) {
  FakeUpstream upstream(ioc_, {reply(500, "application/json", R"({"error":{"message":"engine died"}})"),
                               sse({chunk(R"({"content":"ok"})", R"("stop")"), "data: [DONE]\n\n"})});
  EXPECT_THAT(testing::to_text(generate(upstream)), ElementsAre("T:ok", "F:stop"));
  EXPECT_EQ(upstream.requests.size(), 2u);
}

TEST_F(UpstreamBackendTest, GivesUpAfterMaxRetries) {
  FakeUpstream upstream(ioc_, {reply(503, "text/plain", "busy")});
  EXPECT_THAT(testing::to_text(generate(upstream)),
              ElementsAre("E:upstream_error:upstream 'fake' returned 503: busy"));
  EXPECT_EQ(upstream.requests.size(), 2u);
}

TEST_F(UpstreamBackendTest, UnauthorizedIsABadGatewayWithTheUpstreamMessage) {
  FakeUpstream upstream(ioc_, {reply(401, "application/json",
                                     R"({"error":{"message":"Invalid API key","code":"invalid_api_key"}})")});
  auto events = generate(upstream);
  ASSERT_EQ(events.size(), 1u);
  const auto& error = std::get<backend::Error>(events[0]);
  EXPECT_EQ(error.kind, backend::ErrorKind::upstream_error);
  EXPECT_EQ(error.message, "upstream 'fake' returned 401: Invalid API key");
  EXPECT_EQ(upstream.requests.size(), 1u);  // 401 is not retried
}

TEST_F(UpstreamBackendTest, OverallTimeoutIsAGatewayTimeout) {
  options_.timeout = 300ms;
  FakeUpstream upstream(ioc_, {hang()});
  auto events = generate(upstream);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(std::get<backend::Error>(events[0]).kind, backend::ErrorKind::upstream_timeout);
  EXPECT_THAT(std::get<backend::Error>(events[0]).message, HasSubstr("did not finish within 300 ms"));
}

TEST_F(UpstreamBackendTest, FirstByteTimeoutIsRetriedThenReported) {
  options_.first_byte_timeout = 150ms;
  FakeUpstream upstream(ioc_, {hang()});
  auto events = generate(upstream);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(std::get<backend::Error>(events[0]).kind, backend::ErrorKind::upstream_timeout);
  EXPECT_EQ(upstream.requests.size(), 2u);
}

TEST_F(UpstreamBackendTest, ConnectFailureIsAnUpstreamError) {
  options_.max_retries = 0;
  unsigned short closed_port = 0;
  {
    tcp::acceptor probe(ioc_, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
    closed_port = probe.local_endpoint().port();
  }
  auto events = generate(closed_port);
  ASSERT_EQ(events.size(), 1u);
  const auto* error = std::get_if<backend::Error>(&events[0]);
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->kind, backend::ErrorKind::upstream_error);
  EXPECT_THAT(error->message, HasSubstr("upstream 'fake' failed"));
}

TEST_F(UpstreamBackendTest, StreamCutAfterFinishIsComplete) {
  FakeUpstream upstream(ioc_, {sse({chunk(R"({"content":"a"})", R"("length")")})});
  EXPECT_THAT(testing::to_text(generate(upstream)), ElementsAre("T:a", "F:length"));
}

TEST_F(UpstreamBackendTest, StreamCutBeforeFinishIsAnError) {
  FakeUpstream upstream(ioc_, {sse({chunk(R"({"content":"a"})")})});
  EXPECT_THAT(testing::to_text(generate(upstream)),
              ElementsAre("T:a", "E:upstream_error:upstream 'fake' stream ended prematurely"));
}

TEST_F(UpstreamBackendTest, MidStreamErrorChunk) {
  FakeUpstream upstream(ioc_, {sse({chunk(R"({"content":"a"})"),
                                    "data: {\"error\":{\"message\":\"overloaded\"}}\n\n"})});
  EXPECT_THAT(testing::to_text(generate(upstream)),
              ElementsAre("T:a", "E:upstream_error:upstream 'fake' error: overloaded"));
}

TEST_F(UpstreamBackendTest, JsonReplyToAStreamingRequestIsDecodedWhole) {
  FakeUpstream upstream(ioc_, {reply(200, "application/json",
      R"({"choices":[{"index":0,"finish_reason":"stop","message":{"content":"Hi"}}]})")});
  EXPECT_THAT(testing::to_text(generate(upstream)), ElementsAre("T:Hi", "F:stop"));
}

TEST_F(UpstreamBackendTest, ConsumerGoneClosesTheUpstreamConnection) {
  // The fake streams forever; it stops only when a write fails because toolgate hung up.
  auto closed = std::make_shared<std::atomic<bool>>(false);
  Script endless = [closed](tcp::socket& s) -> awaitable<void> {
    co_await write(s, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                      "Transfer-Encoding: chunked\r\n\r\n");
    asio::steady_timer tick(s.get_executor());
    for (int i = 0; i < 500; ++i) {
      auto [ec, n] = co_await asio::async_write(s, asio::buffer(chunked(chunk(R"({"content":"x"})"))),
                                                asio::as_tuple(asio::use_awaitable));
      if (ec) {
        *closed = true;
        co_return;
      }
      tick.expires_after(10ms);
      co_await tick.async_wait(asio::as_tuple(asio::use_awaitable));
    }
  };
  FakeUpstream upstream(ioc_, {endless});
  auto events = generate(upstream, 2);
  EXPECT_EQ(events.size(), 2u);
  const auto give_up = std::chrono::steady_clock::now() + 3s;
  while (!*closed && std::chrono::steady_clock::now() < give_up) ioc_.run_for(10ms);
  EXPECT_TRUE(*closed) << "upstream connection still open after the consumer left";
}

}  // namespace
}  // namespace toolgate::gateway::upstream
