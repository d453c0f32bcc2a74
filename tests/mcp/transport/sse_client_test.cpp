#include "mcp/transport/sse_client.hpp"

#include "tests/mcp/transport/scripted_upstream.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <deque>
#include <thread>

namespace toolgate::mcp {
namespace {

using namespace testing;

// A legacy server: GET /sse sends the endpoint event (after a delay, so early sends must queue), then
// relays what the POST handler pushes as `message` events until told to hang up.
class LegacyServer {
 public:
  explicit LegacyServer(std::string endpoint) : endpoint_(std::move(endpoint)) {}

  asio::awaitable<void> serve(const SeenRequest& req, net::ResponseWriter& w) {
    if (req.method == "GET") {
      auto stream = run_stream(w);
      co_await std::move(stream);
    } else if (req.body_has(R"("method":"bad")")) {
      auto res = json_response(http::status::bad_request,
                               R"({"jsonrpc":"2.0","error":{"code":-32600,"message":"no thanks"},"id":null})");
      co_await w.send(std::move(res));
    } else {
      if (req.body_has(R"("method":"initialize")")) {
        push(R"({"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2024-11-05","capabilities":{}}})");
      }
      auto res = status_response(http::status::accepted);
      co_await w.send(std::move(res));
    }
  }

  void push(std::string message) {
    std::lock_guard lock(mutex_);
    outgoing_.push_back(std::move(message));
  }
  std::atomic<bool> hang_up{false};
  std::atomic<bool> stream_ended{false};

 private:
  asio::awaitable<void> run_stream(net::ResponseWriter& w) {
    auto header = sse_header();
    co_await w.start_stream(std::move(header));
    co_await pause(100ms);
    const std::string endpoint = sse_block("", endpoint_, "endpoint");
    bool open = co_await w.write_chunk(endpoint);
    for (int i = 0; open && !hang_up && i < 400; ++i) {
      std::optional<std::string> next;
      {
        std::lock_guard lock(mutex_);
        if (!outgoing_.empty()) {
          next = std::move(outgoing_.front());
          outgoing_.pop_front();
        }
      }
      if (next) {
        const std::string event = sse_block("", *next, "message");
        open = co_await w.write_chunk(event);
      } else {
        const std::string keep_alive = net::sse_comment("");
        open = co_await w.write_chunk(keep_alive) && co_await pause(5ms);
      }
    }
    if (open) {
      co_await w.end_stream();
    }
    stream_ended = true;
  }

  std::string endpoint_;
  std::mutex mutex_;
  std::deque<std::string> outgoing_;
};

class SseClientTest : public ::testing::Test {
 protected:
  std::unique_ptr<SseClient> make(ScriptedUpstream& up, SseClientOptions options = {}) {
    options.url = up.url("/sse");
    return std::make_unique<SseClient>(up.executor(), up.http(), std::move(options), received_.inbound());
  }
  static Script script_for(LegacyServer& server) {
    return [&server](const SeenRequest& req, net::ResponseWriter& w) { return server.serve(req, w); };
  }

  Received received_;  // outlives the upstream's threads, which deliver into it
};

jsonrpc::Request initialize_request() {
  return jsonrpc::Request{std::int64_t{1}, "initialize", R"({"protocolVersion":"2024-11-05"})"};
}

TEST_F(SseClientTest, QueuesUntilTheEndpointThenPostsInOrderAndDeliversMessages) {
  LegacyServer server("/messages?sessionId=abc");
  ScriptedUpstream up(script_for(server));
  SseClientOptions options;
  options.headers = {{"Authorization", "Bearer secret"}};
  auto transport = make(up, options);

  ASSERT_TRUE(transport->send(initialize_request(), std::nullopt));
  ASSERT_TRUE(transport->send(jsonrpc::Notification{"notifications/initialized", std::nullopt}, std::nullopt));
  ASSERT_TRUE(received_.wait_count(1));
  const auto received = received_.messages();
  const auto* result = as_result(received[0]);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->id, jsonrpc::Id{std::int64_t{1}});
  ASSERT_TRUE(up.wait_for("POST", 2));

  const auto get = up.requests("GET");
  ASSERT_EQ(get.size(), 1u);
  EXPECT_EQ(get[0].target, "/sse");
  EXPECT_EQ(get[0].header("Accept"), "text/event-stream");
  EXPECT_EQ(get[0].header("Authorization"), "Bearer secret");
  const auto posts = up.requests("POST");
  ASSERT_EQ(posts.size(), 2u);
  EXPECT_TRUE(posts[0].body_has(R"("method":"initialize")"));
  EXPECT_EQ(posts[1].body, R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  for (const auto& post : posts) {
    EXPECT_EQ(post.target, "/messages?sessionId=abc");
    EXPECT_EQ(post.header("Content-Type"), "application/json");
    EXPECT_EQ(post.header("Authorization"), "Bearer secret");
  }

  // A server request on the stream reaches the session like any other message.
  server.push(R"({"jsonrpc":"2.0","id":"r1","method":"roots/list"})");
  ASSERT_TRUE(received_.wait_count(2));
  EXPECT_TRUE(std::holds_alternative<jsonrpc::Request>(received_.messages()[1]));
  EXPECT_EQ(received_.closed_count(), 0);
}

TEST_F(SseClientTest, RelativeEndpointResolvesAgainstTheStreamUrl) {
  LegacyServer server("messages?sessionId=rel");
  ScriptedUpstream up(script_for(server));
  auto transport = make(up);
  ASSERT_TRUE(transport->send(initialize_request(), std::nullopt));
  ASSERT_TRUE(received_.wait_count(1));
  EXPECT_EQ(up.requests("POST")[0].target, "/messages?sessionId=rel");
}

TEST_F(SseClientTest, RefusedPostFailsTheRequest) {
  LegacyServer server("/messages?sessionId=abc");
  ScriptedUpstream up(script_for(server));
  auto transport = make(up);
  ASSERT_TRUE(transport->send(jsonrpc::Request{std::int64_t{8}, "bad", std::nullopt}, std::nullopt));
  ASSERT_TRUE(received_.wait_count(1));
  const auto received = received_.messages();
  const auto* error = as_error(received[0]);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->id, jsonrpc::Id{std::int64_t{8}});
  EXPECT_EQ(error->code, -32000);
  const net::Url endpoint = up.url("/messages?sessionId=abc");
  EXPECT_EQ(error->message, "HTTP 400 from http://" + endpoint.authority() + "/messages?sessionId=abc: no thanks");
}

TEST_F(SseClientTest, StreamEndReportsClosedOnce) {
  LegacyServer server("/messages?sessionId=abc");
  ScriptedUpstream up(script_for(server));
  auto transport = make(up);
  ASSERT_TRUE(transport->send(initialize_request(), std::nullopt));
  ASSERT_TRUE(received_.wait_count(1));
  server.hang_up = true;
  ASSERT_TRUE(received_.wait_closed());
  EXPECT_FALSE(transport->send(initialize_request(), std::nullopt));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(received_.closed_count(), 1);
}

TEST_F(SseClientTest, CrossOriginEndpointIsRefused) {
  LegacyServer server("http://evil.example:8080/messages");
  ScriptedUpstream up(script_for(server));
  auto transport = make(up);
  ASSERT_TRUE(transport->send(initialize_request(), std::nullopt));
  ASSERT_TRUE(received_.wait_closed());
  EXPECT_TRUE(up.requests("POST").empty());  // our credentials never left for the other host
}

TEST_F(SseClientTest, MissingStreamReportsClosed) {
  ScriptedUpstream up([](const SeenRequest&, net::ResponseWriter& w) -> asio::awaitable<void> {
    auto res = status_response(http::status::not_found);
    co_await w.send(std::move(res));
  });
  auto transport = make(up);
  ASSERT_TRUE(transport->send(initialize_request(), std::nullopt));
  ASSERT_TRUE(received_.wait_closed());
  EXPECT_TRUE(received_.messages().empty());
}

TEST_F(SseClientTest, CloseEndsTheStreamWithoutReportingClosed) {
  LegacyServer server("/messages?sessionId=abc");
  ScriptedUpstream up(script_for(server));
  auto transport = make(up);
  ASSERT_TRUE(transport->send(initialize_request(), std::nullopt));
  ASSERT_TRUE(received_.wait_count(1));
  transport->close();
  for (int i = 0; i < 100 && !server.stream_ended; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_TRUE(server.stream_ended);  // the client hung up, so the server's writes failed
  EXPECT_EQ(received_.closed_count(), 0);
  EXPECT_FALSE(transport->send(initialize_request(), std::nullopt));
}

}  // namespace
}  // namespace toolgate::mcp
