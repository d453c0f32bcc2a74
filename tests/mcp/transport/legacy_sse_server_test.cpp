#include "mcp/transport/legacy_sse_server.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "mcp/transport/http_exchange.hpp"
#include "tests/mcp/transport/mcp_server_test_support.hpp"

namespace toolgate::mcp {
namespace {

using namespace testing;
using net::testing::IoThreads;

constexpr std::string_view kInitialize =
    R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2024-11-05","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})";

std::string post_raw(std::string_view target, std::string_view body, std::string_view extra = "") {
  return "POST " + std::string(target) + " HTTP/1.1\r\nHost: localhost:1\r\nContent-Type: application/json\r\n" +
         std::string(extra) + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

constexpr std::string_view kOpenStream = "GET /sse HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n";

class LegacySseServerTest : public ::testing::Test {
 protected:
  void start(LegacySseOptions options = {}) {
    endpoint_ = std::make_unique<LegacySseEndpoint>(io_.ioc.get_executor(), options,
                                                    [live = live_] { return std::make_unique<TestHandler>(live); });
    auto handler = [this](const net::Request& req, net::ResponseWriter& w) {
      return req.target().starts_with("/sse") ? endpoint_->handle_stream(req, w) : endpoint_->handle_message(req, w);
    };
    server_ = start_http_server(io_.ioc, 4096, handler, address_);
    ASSERT_TRUE(server_) << "cannot listen on 127.0.0.1";
  }
  void TearDown() override {
    if (endpoint_) endpoint_->shutdown();
    EXPECT_TRUE(all_sessions_gone(*live_));
    io_.stop();
    server_.reset();
    endpoint_.reset();
  }
  // Opens the stream and returns the POST target its endpoint event names.
  std::string open(SseReader& stream) {
    stream.send(std::string(kOpenStream));
    EXPECT_EQ(stream.head().result_int(), 200);
    EXPECT_EQ(stream.head()[http::field::content_type], "text/event-stream");
    auto endpoint = stream.next();
    if (!endpoint) return {};
    EXPECT_EQ(endpoint->event, "endpoint");
    return endpoint->data;
  }

  IoThreads io_;
  std::shared_ptr<std::atomic<int>> live_ = std::make_shared<std::atomic<int>>(0);
  std::unique_ptr<LegacySseEndpoint> endpoint_;
  std::unique_ptr<net::HttpServer> server_;
  asio::ip::tcp::endpoint address_;
};

TEST_F(LegacySseServerTest, EndpointEventThenResponsesAsMessageEvents) {
  start();
  SseReader stream(address_);
  const std::string target = open(stream);
  ASSERT_TRUE(target.starts_with("/messages?sessionId=")) << target;
  EXPECT_EQ(target.size(), std::string_view("/messages?sessionId=").size() + 32);

  auto accepted = round_trip(address_, post_raw(target, kInitialize));
  EXPECT_EQ(accepted.result_int(), 202);
  EXPECT_EQ(accepted.body(), "Accepted");
  auto init = stream.next();
  ASSERT_TRUE(init);
  EXPECT_EQ(init->event, "message");
  EXPECT_EQ(json_of(init->data).at("result").at("protocolVersion").as_string(), "2024-11-05");

  EXPECT_EQ(round_trip(address_, post_raw(target, R"({"jsonrpc":"2.0","method":"notifications/initialized"})")).result_int(),
            202);
  EXPECT_EQ(round_trip(address_, post_raw(target, R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"a":1}}})"))
                .result_int(),
            202);
  auto echo = stream.next();
  ASSERT_TRUE(echo);
  EXPECT_EQ(json_of(echo->data).at("id").as_int64(), 2);
  EXPECT_EQ(json_of(echo->data).at("result").at("name").as_string(), "echo");
}

TEST_F(LegacySseServerTest, ServerRequestsAndProgressTravelOnTheStream) {
  start();
  SseReader stream(address_);
  const std::string target = open(stream);
  round_trip(address_, post_raw(target, kInitialize));
  ASSERT_TRUE(stream.next());
  round_trip(address_, post_raw(target, R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"progress_then_sample","_meta":{"progressToken":7}}})"));
  auto progress = stream.next();
  ASSERT_TRUE(progress);
  EXPECT_EQ(json_of(progress->data).at("params").at("progressToken").as_int64(), 7);
  auto sampling = stream.next();
  ASSERT_TRUE(sampling);
  auto request = json_of(sampling->data);
  const std::string answer = R"({"jsonrpc":"2.0","id":)" + boost::json::serialize(request.at("id")) +
                             R"(,"result":{"role":"assistant","content":{"type":"text","text":"x"},"model":"m"}})";
  EXPECT_EQ(round_trip(address_, post_raw(target, answer)).result_int(), 202);
  auto result = stream.next();
  ASSERT_TRUE(result);
  EXPECT_EQ(json_of(result->data).at("id").as_int64(), 3);
}

TEST_F(LegacySseServerTest, RefusesBadPosts) {
  start();
  SseReader stream(address_);
  const std::string target = open(stream);
  EXPECT_EQ(round_trip(address_, post_raw(target, "{nope")).result_int(), 400);
  EXPECT_EQ(round_trip(address_, post_raw("/messages?sessionId=feed", kInitialize)).result_int(), 404);
  EXPECT_EQ(round_trip(address_, post_raw("/messages", kInitialize)).result_int(), 400);
  EXPECT_EQ(round_trip(address_, post_raw(target, kInitialize, "Origin: http://evil.example.com\r\n")).result_int(), 403);
  auto too_large = round_trip(address_, post_raw(target, std::string(5000, ' ')));
  EXPECT_EQ(too_large.result_int(), 413);
  EXPECT_NE(too_large.body().find("max_body_bytes"), std::string::npos);
  auto wrong_method = round_trip(address_, "GET /messages HTTP/1.1\r\nHost: localhost\r\n\r\n");
  EXPECT_EQ(wrong_method.result_int(), 405);
  EXPECT_EQ(wrong_method[http::field::allow], "POST");
  auto rebound = round_trip(address_, "GET /sse HTTP/1.1\r\nHost: evil.example.com\r\n\r\n");
  EXPECT_EQ(rebound.result_int(), 403);
}

TEST_F(LegacySseServerTest, ClosingTheStreamEndsTheSession) {
  LegacySseOptions options;
  options.keep_alive = 30ms;  // the next keep-alive write notices the client is gone
  start(options);
  std::string target;
  {
    SseReader stream(address_);
    target = open(stream);
    EXPECT_EQ(endpoint_->session_count(), 1u);
    stream.close();
  }
  for (int i = 0; i < 100 && endpoint_->session_count() != 0; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(endpoint_->session_count(), 0u);
  EXPECT_EQ(round_trip(address_, post_raw(target, kInitialize)).result_int(), 404);
}

TEST_F(LegacySseServerTest, EndpointEventHonoursThePathPrefix) {
  LegacySseOptions options;
  options.path_prefix = "/gw";
  start(options);
  SseReader stream(address_);
  EXPECT_TRUE(open(stream).starts_with("/gw/messages?sessionId="));
}

}  // namespace
}  // namespace toolgate::mcp
