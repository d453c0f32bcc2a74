#include "mcp/transport/streamable_http_client.hpp"

#include "tests/mcp/transport/scripted_upstream.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace toolgate::mcp {
namespace {

using namespace testing;

constexpr std::string_view kInitResult =
    R"({"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-06-18","capabilities":{},)"
    R"("serverInfo":{"name":"up","version":"1"}}})";

jsonrpc::Request initialize_request() {
  return jsonrpc::Request{std::int64_t{1}, "initialize",
                          R"({"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t"}})"};
}
jsonrpc::Notification initialized() { return jsonrpc::Notification{"notifications/initialized", std::nullopt}; }

// Answers initialize with a session id, notifications with 202 and GET with 405; nullopt for the rest.
asio::awaitable<bool> basic_lifecycle(const SeenRequest& req, net::ResponseWriter& w, std::string_view init_result) {
  if (req.method == "POST" && req.body_has(R"("method":"initialize")")) {
    auto res = json_response(http::status::ok, std::string(init_result));
    res.set("Mcp-Session-Id", "sess-1");
    co_await w.send(std::move(res));
    co_return true;
  }
  if (req.method == "POST" && req.body_has(R"("method":"notifications/)")) {
    auto res = status_response(http::status::accepted);
    co_await w.send(std::move(res));
    co_return true;
  }
  if (req.method == "GET") {
    auto res = status_response(http::status::method_not_allowed);
    co_await w.send(std::move(res));
    co_return true;
  }
  if (req.method == "DELETE") {
    auto res = status_response(http::status::ok);
    co_await w.send(std::move(res));
    co_return true;
  }
  co_return false;
}

class StreamableHttpClientTest : public ::testing::Test {
 protected:
  std::unique_ptr<StreamableHttpClient> make(ScriptedUpstream& up, StreamableHttpClientOptions options = {}) {
    options.endpoint = up.url("/mcp");
    options.reconnect_delay = 20ms;
    return std::make_unique<StreamableHttpClient>(up.executor(), up.http(), std::move(options), received_.inbound());
  }

  Received received_;  // outlives the upstream's threads, which deliver into it
};

TEST_F(StreamableHttpClientTest, JsonRepliesCarrySessionVersionAndExtraHeaders) {
  ScriptedUpstream up([](const SeenRequest& req, net::ResponseWriter& w) -> asio::awaitable<void> {
    if (co_await basic_lifecycle(req, w, kInitResult)) {
      co_return;
    }
    auto res = json_response(http::status::ok, R"({"jsonrpc":"2.0","id":2,"result":{"tools":[]}})");
    co_await w.send(std::move(res));
  });
  StreamableHttpClientOptions options;
  options.headers = {{"Authorization", "Bearer secret"}, {"X-Extra", "1"}};
  auto transport = make(up, options);

  ASSERT_TRUE(transport->send(initialize_request(), std::nullopt));
  ASSERT_TRUE(received_.wait_count(1));
  ASSERT_TRUE(transport->send(initialized(), std::nullopt));
  ASSERT_TRUE(up.wait_for("GET", 1));  // the standalone stream is tried once initialized is accepted
  ASSERT_TRUE(transport->send(jsonrpc::Request{std::int64_t{2}, "tools/list", std::nullopt}, std::nullopt));
  ASSERT_TRUE(received_.wait_count(2));

  const auto messages = received_.messages();
  ASSERT_TRUE(as_result(messages[0]));
  EXPECT_EQ(as_result(messages[0])->id, jsonrpc::Id{std::int64_t{1}});
  ASSERT_TRUE(as_result(messages[1]));
  EXPECT_EQ(as_result(messages[1])->result, R"({"tools":[]})");

  const auto posts = up.requests("POST");
  ASSERT_EQ(posts.size(), 3u);
  for (const auto& post : posts) {
    EXPECT_EQ(post.target, "/mcp");
    EXPECT_EQ(post.header("Accept"), "application/json, text/event-stream");
    EXPECT_EQ(post.header("Content-Type"), "application/json");
    EXPECT_EQ(post.header("Authorization"), "Bearer secret");
    EXPECT_EQ(post.header("X-Extra"), "1");
  }
  EXPECT_FALSE(posts[0].has_header("Mcp-Session-Id"));
  EXPECT_FALSE(posts[0].has_header("MCP-Protocol-Version"));
  EXPECT_EQ(posts[1].body, R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  for (const auto* later : {&posts[1], &posts[2]}) {
    EXPECT_EQ(later->header("Mcp-Session-Id"), "sess-1");
    EXPECT_EQ(later->header("MCP-Protocol-Version"), "2025-06-18");
  }
  const auto gets = up.requests("GET");
  EXPECT_EQ(gets[0].header("Accept"), "text/event-stream");
  EXPECT_EQ(gets[0].header("Mcp-Session-Id"), "sess-1");
  EXPECT_EQ(gets[0].header("Authorization"), "Bearer secret");

  transport->close();
  ASSERT_TRUE(up.wait_for("DELETE", 1));
  EXPECT_EQ(up.requests("DELETE")[0].header("Mcp-Session-Id"), "sess-1");
  EXPECT_FALSE(transport->send(initialized(), std::nullopt));
  EXPECT_EQ(up.requests("GET").size(), 1u);  // 405: the server has no stream to offer, so no retries
}

TEST_F(StreamableHttpClientTest, OlderRevisionGetsNoProtocolVersionHeader) {
  ScriptedUpstream up([](const SeenRequest& req, net::ResponseWriter& w) -> asio::awaitable<void> {
    const std::string old = R"({"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-03-26","capabilities":{}}})";
    co_await basic_lifecycle(req, w, old);
  });
  auto transport = make(up);
  ASSERT_TRUE(transport->send(initialize_request(), std::nullopt));
  ASSERT_TRUE(received_.wait_count(1));
  ASSERT_TRUE(transport->send(initialized(), std::nullopt));
  ASSERT_TRUE(up.wait_for("POST", 2));
  const auto posts = up.requests("POST");
  EXPECT_EQ(posts[1].header("Mcp-Session-Id"), "sess-1");
  EXPECT_FALSE(posts[1].has_header("MCP-Protocol-Version"));
}

TEST_F(StreamableHttpClientTest, SseReplyDeliversServerRequestBeforeTheResponse) {
  std::atomic<bool> sampling_answered{false};
  ScriptedUpstream up([&](const SeenRequest& req, net::ResponseWriter& w) -> asio::awaitable<void> {
    if (req.body_has(R"("id":"s1")")) {  // our answer to the sampling request
      sampling_answered = true;
      auto res = status_response(http::status::accepted);
      co_await w.send(std::move(res));
      co_return;
    }
    auto header = sse_header();
    co_await w.start_stream(std::move(header));
    const std::string sampling =
        sse_block("", R"({"jsonrpc":"2.0","id":"s1","method":"sampling/createMessage","params":{}})");
    co_await w.write_chunk(sampling);
    co_await pause_until([&] { return sampling_answered.load(); }, 2s);
    const std::string final_result = sse_block("", R"({"jsonrpc":"2.0","id":7,"result":{"content":[]}})");
    co_await w.end_stream(final_result);
  });
  auto transport = make(up);

  ASSERT_TRUE(transport->send(jsonrpc::Request{std::int64_t{7}, "tools/call", "{}"}, std::nullopt));
  ASSERT_TRUE(received_.wait_count(1));
  {
    const auto first = received_.messages();
    ASSERT_EQ(first.size(), 1u);  // the final response is held back until we answer
    const auto* request = std::get_if<jsonrpc::Request>(&first[0]);
    ASSERT_TRUE(request);
    EXPECT_EQ(request->method, "sampling/createMessage");
    EXPECT_EQ(request->id, jsonrpc::Id{std::string("s1")});
  }
  ASSERT_TRUE(transport->send(jsonrpc::Result{std::string("s1"), R"({"role":"assistant"})"}, std::nullopt));
  ASSERT_TRUE(received_.wait_count(2));
  const auto messages = received_.messages();
  ASSERT_TRUE(as_result(messages[1]));
  EXPECT_EQ(as_result(messages[1])->id, jsonrpc::Id{std::int64_t{7}});
  EXPECT_TRUE(sampling_answered);
}

TEST_F(StreamableHttpClientTest, RequestsOverlapAndNotificationsKeepTheirOrder) {
  std::atomic<bool> ping_answered{false};  // set by the test once the ping's result has been delivered
  std::atomic<bool> first_note_replied{false};
  std::atomic<bool> second_note_waited{false};
  ScriptedUpstream up([&](const SeenRequest& req, net::ResponseWriter& w) -> asio::awaitable<void> {
    if (req.body_has(R"("method":"notifications/one")")) {
      co_await pause(100ms);  // a slow 202 must not let the next notification overtake this one
      first_note_replied = true;
      auto res = status_response(http::status::accepted);
      co_await w.send(std::move(res));
    } else if (req.body_has(R"("method":"notifications/two")")) {
      second_note_waited = first_note_replied.load();
      auto res = status_response(http::status::accepted);
      co_await w.send(std::move(res));
    } else if (req.body_has(R"("method":"ping")")) {
      auto res = json_response(http::status::ok, R"({"jsonrpc":"2.0","id":2,"result":{}})");
      co_await w.send(std::move(res));
    } else {
      auto header = sse_header();
      co_await w.start_stream(std::move(header));
      co_await pause_until([&] { return ping_answered.load(); }, 2s);
      const std::string done = sse_block("", R"({"jsonrpc":"2.0","id":1,"result":{"content":[]}})");
      co_await w.end_stream(done);
    }
  });
  auto transport = make(up);

  ASSERT_TRUE(transport->send(jsonrpc::Request{std::int64_t{1}, "tools/call", "{}"}, std::nullopt));
  ASSERT_TRUE(transport->send(jsonrpc::Notification{"notifications/one", std::nullopt}, std::nullopt));
  ASSERT_TRUE(transport->send(jsonrpc::Notification{"notifications/two", std::nullopt}, std::nullopt));
  ASSERT_TRUE(transport->send(jsonrpc::Request{std::int64_t{2}, "ping", std::nullopt}, std::nullopt));
  // The ping is answered while the long call is still open.
  ASSERT_TRUE(received_.wait_count(1));
  {
    const auto first = received_.messages();
    ASSERT_EQ(first.size(), 1u);
    ASSERT_TRUE(as_result(first[0]));
    EXPECT_EQ(as_result(first[0])->id, jsonrpc::Id{std::int64_t{2}});
  }
  ping_answered = true;
  ASSERT_TRUE(received_.wait_count(2));
  const auto messages = received_.messages();
  ASSERT_TRUE(as_result(messages[1]));
  EXPECT_EQ(as_result(messages[1])->id, jsonrpc::Id{std::int64_t{1}});
  EXPECT_TRUE(second_note_waited);
}

TEST_F(StreamableHttpClientTest, ExpiredSessionReportsClosed) {
  ScriptedUpstream up([](const SeenRequest& req, net::ResponseWriter& w) -> asio::awaitable<void> {
    if (co_await basic_lifecycle(req, w, kInitResult)) {
      co_return;
    }
    auto res = json_response(http::status::not_found,
                             R"({"jsonrpc":"2.0","error":{"code":-32001,"message":"Session not found"},"id":null})");
    co_await w.send(std::move(res));
  });
  auto transport = make(up);
  ASSERT_TRUE(transport->send(initialize_request(), std::nullopt));
  ASSERT_TRUE(received_.wait_count(1));
  ASSERT_TRUE(transport->send(jsonrpc::Request{std::int64_t{2}, "tools/list", std::nullopt}, std::nullopt));
  ASSERT_TRUE(received_.wait_closed());
  EXPECT_EQ(received_.closed_count(), 1);
  EXPECT_EQ(received_.messages().size(), 1u);  // closed, not an error: the session layer starts over
  EXPECT_FALSE(transport->send(jsonrpc::Request{std::int64_t{3}, "ping", std::nullopt}, std::nullopt));
  transport->close();
  std::this_thread::sleep_for(50ms);
  EXPECT_TRUE(up.requests("DELETE").empty());  // the session is already gone
}

TEST_F(StreamableHttpClientTest, HttpErrorFailsTheRequestAndDropsTheNotification) {
  ScriptedUpstream up([](const SeenRequest&, net::ResponseWriter& w) -> asio::awaitable<void> {
    auto res = json_response(http::status::internal_server_error,
                             R"({"jsonrpc":"2.0","error":{"code":-32603,"message":"boom"},"id":null})");
    co_await w.send(std::move(res));
  });
  auto transport = make(up);
  ASSERT_TRUE(transport->send(jsonrpc::Notification{"notifications/x", std::nullopt}, std::nullopt));
  ASSERT_TRUE(transport->send(jsonrpc::Request{std::int64_t{3}, "tools/call", "{}"}, std::nullopt));
  ASSERT_TRUE(received_.wait_count(1));
  ASSERT_TRUE(up.wait_for("POST", 2));
  std::this_thread::sleep_for(50ms);
  const auto messages = received_.messages();
  ASSERT_EQ(messages.size(), 1u);  // nothing for the notification
  const auto* error = as_error(messages[0]);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->id, jsonrpc::Id{std::int64_t{3}});
  EXPECT_EQ(error->code, -32000);
  EXPECT_EQ(error->message, "HTTP 500 from " + up.url("/mcp").scheme + "://" + up.url("/mcp").authority() +
                                "/mcp: boom");
}

TEST_F(StreamableHttpClientTest, OversizedJsonReplyFailsTheRequest) {
  ScriptedUpstream up([](const SeenRequest&, net::ResponseWriter& w) -> asio::awaitable<void> {
    std::string big = R"({"jsonrpc":"2.0","id":6,"result":{"text":")";
    big.append(4096, 'x').append(R"("}})");
    auto res = json_response(http::status::ok, std::move(big));
    co_await w.send(std::move(res));
  });
  StreamableHttpClientOptions options;
  options.max_body_bytes = 1024;
  auto transport = make(up, options);
  ASSERT_TRUE(transport->send(jsonrpc::Request{std::int64_t{6}, "tools/call", "{}"}, std::nullopt));
  ASSERT_TRUE(received_.wait_count(1));
  const auto received = received_.messages();
  const auto* error = as_error(received[0]);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->id, jsonrpc::Id{std::int64_t{6}});
  EXPECT_NE(error->message.find("1024-byte limit"), std::string::npos) << error->message;
}

TEST_F(StreamableHttpClientTest, UnreachableServerFailsTheRequest) {
  unsigned short port = 0;
  {
    asio::io_context ioc;
    asio::ip::tcp::acceptor probe(ioc, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = probe.local_endpoint().port();
  }
  ScriptedUpstream up([](const SeenRequest&, net::ResponseWriter&) -> asio::awaitable<void> { co_return; });
  StreamableHttpClientOptions options;
  options.endpoint = *net::parse_url("http://127.0.0.1:" + std::to_string(port) + "/mcp");
  StreamableHttpClient transport(up.executor(), up.http(), options, received_.inbound());
  ASSERT_TRUE(transport.send(jsonrpc::Request{std::int64_t{9}, "ping", std::nullopt}, std::nullopt));
  ASSERT_TRUE(received_.wait_count(1));
  const auto received = received_.messages();
  const auto* error = as_error(received[0]);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->id, jsonrpc::Id{std::int64_t{9}});
  EXPECT_NE(error->message.find("POST to http://127.0.0.1:" + std::to_string(port) + "/mcp failed"), std::string::npos)
      << error->message;
}

TEST_F(StreamableHttpClientTest, DroppedSseStreamResumesWithLastEventId) {
  std::atomic<std::int64_t> dropped_at{0};
  std::atomic<std::int64_t> resumed_at{0};
  auto now_ms = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  };
  ScriptedUpstream up([&](const SeenRequest& req, net::ResponseWriter& w) -> asio::awaitable<void> {
    auto header = sse_header();
    co_await w.start_stream(std::move(header));
    if (req.method == "POST") {
      // 2025-11-25 polling: a priming event with an id and a retry, some traffic, then the server hangs up.
      const std::string priming = sse_block("e1", "", "", "60");
      const std::string progress = sse_block(
          "e2", R"({"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":1,"progress":1}})");
      co_await w.write_chunk(priming);
      dropped_at = now_ms();
      co_await w.end_stream(progress);
    } else {
      resumed_at = now_ms();
      const std::string result = sse_block("e3", R"({"jsonrpc":"2.0","id":5,"result":{"content":[]}})");
      co_await w.end_stream(result);
    }
  });
  auto transport = make(up);
  ASSERT_TRUE(transport->send(jsonrpc::Request{std::int64_t{5}, "tools/call", "{}"}, std::nullopt));
  ASSERT_TRUE(received_.wait_count(2));
  const auto messages = received_.messages();
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<jsonrpc::Notification>(messages[0]));
  ASSERT_TRUE(as_result(messages[1]));
  EXPECT_EQ(as_result(messages[1])->id, jsonrpc::Id{std::int64_t{5}});
  const auto gets = up.requests("GET");
  ASSERT_EQ(gets.size(), 1u);
  EXPECT_EQ(gets[0].header("Last-Event-ID"), "e2");
  EXPECT_EQ(gets[0].header("Accept"), "text/event-stream");
  EXPECT_GE(resumed_at - dropped_at, 55);  // waited for the server's retry
}

TEST_F(StreamableHttpClientTest, StreamEndingWithoutResponseOrEventIdFailsTheRequest) {
  ScriptedUpstream up([](const SeenRequest&, net::ResponseWriter& w) -> asio::awaitable<void> {
    auto header = sse_header();
    co_await w.start_stream(std::move(header));
    const std::string note = sse_block("", R"({"jsonrpc":"2.0","method":"notifications/message","params":{}})");
    co_await w.end_stream(note);
  });
  auto transport = make(up);
  ASSERT_TRUE(transport->send(jsonrpc::Request{std::int64_t{4}, "tools/call", "{}"}, std::nullopt));
  ASSERT_TRUE(received_.wait_count(2));
  const auto received = received_.messages();
  const auto* error = as_error(received[1]);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->id, jsonrpc::Id{std::int64_t{4}});
  EXPECT_NE(error->message.find("ended before the response"), std::string::npos) << error->message;
  EXPECT_TRUE(up.requests("GET").empty());
}

TEST_F(StreamableHttpClientTest, GetStreamDeliversNotificationsAndResumes) {
  ScriptedUpstream up([](const SeenRequest& req, net::ResponseWriter& w) -> asio::awaitable<void> {
    if (req.method == "GET" && !req.has_header("Last-Event-ID")) {
      auto header = sse_header();
      co_await w.start_stream(std::move(header));
      const std::string changed =
          sse_block("g1", R"({"jsonrpc":"2.0","method":"notifications/tools/list_changed"})", "", "20");
      co_await w.end_stream(changed);
      co_return;
    }
    co_await basic_lifecycle(req, w, kInitResult);  // the resumed GET gets 405, which ends the stream for good
  });
  auto transport = make(up);
  ASSERT_TRUE(transport->send(initialize_request(), std::nullopt));
  ASSERT_TRUE(received_.wait_count(1));
  ASSERT_TRUE(transport->send(initialized(), std::nullopt));
  ASSERT_TRUE(received_.wait_count(2));
  const auto received = received_.messages();
  const auto* note = std::get_if<jsonrpc::Notification>(&received[1]);
  ASSERT_TRUE(note);
  EXPECT_EQ(note->method, "notifications/tools/list_changed");
  ASSERT_TRUE(up.wait_for("GET", 2));
  std::this_thread::sleep_for(100ms);
  const auto gets = up.requests("GET");
  ASSERT_EQ(gets.size(), 2u);
  EXPECT_EQ(gets[1].header("Last-Event-ID"), "g1");
  EXPECT_EQ(gets[1].header("Mcp-Session-Id"), "sess-1");
}

TEST_F(StreamableHttpClientTest, CloseStopsTheGetStreamAndDeletesTheSession) {
  std::atomic<bool> get_ended{false};
  ScriptedUpstream up([&](const SeenRequest& req, net::ResponseWriter& w) -> asio::awaitable<void> {
    if (req.method != "GET") {
      co_await basic_lifecycle(req, w, kInitResult);
      co_return;
    }
    auto header = sse_header();
    co_await w.start_stream(std::move(header));
    const std::string keep_alive = net::sse_comment("keep-alive");
    for (int i = 0; i < 200 && co_await w.write_chunk(keep_alive); ++i) {
      co_await pause(10ms);
    }
    get_ended = true;
  });
  auto transport = make(up);
  ASSERT_TRUE(transport->send(initialize_request(), std::nullopt));
  ASSERT_TRUE(received_.wait_count(1));
  ASSERT_TRUE(transport->send(initialized(), std::nullopt));
  ASSERT_TRUE(up.wait_for("GET", 1));
  transport->close();
  ASSERT_TRUE(up.wait_for("DELETE", 1));
  EXPECT_EQ(up.requests("DELETE")[0].header("Mcp-Session-Id"), "sess-1");
  for (int i = 0; i < 100 && !get_ended; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_TRUE(get_ended);  // the client hung up, so the server's writes failed
  EXPECT_EQ(up.requests("GET").size(), 1u);
  EXPECT_EQ(received_.closed_count(), 0);
}

}  // namespace
}  // namespace toolgate::mcp
