#include "mcp/transport/streamable_http_server.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "mcp/transport/event_log.hpp"
#include "mcp/transport/http_exchange.hpp"
#include "tests/mcp/transport/mcp_server_test_support.hpp"

namespace toolgate::mcp {
namespace {

using namespace testing;
using net::testing::IoThreads;

constexpr std::string_view kInitialize =
    R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"%V","capabilities":{"sampling":{}},"clientInfo":{"name":"t","version":"1"}}})";

std::string initialize_body(std::string_view version) {
  std::string body(kInitialize);
  body.replace(body.find("%V"), 2, version);
  return body;
}

struct Post {
  explicit Post(std::string b, std::string s = {}, std::string v = {}, std::string e = {})
      : body(std::move(b)), session(std::move(s)), version(std::move(v)), extra(std::move(e)) {}
  std::string body;
  std::string session;
  std::string version;
  std::string extra;  // raw header lines, each ending in \r\n
  std::string accept = "application/json, text/event-stream";
  std::string content_type = "application/json";
  std::string method = "POST";
};

std::string raw(const Post& p) {
  std::string out = p.method + " /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (!p.accept.empty()) out += "Accept: " + p.accept + "\r\n";
  if (!p.content_type.empty() && p.method == "POST") out += "Content-Type: " + p.content_type + "\r\n";
  if (!p.session.empty()) out += "Mcp-Session-Id: " + p.session + "\r\n";
  if (!p.version.empty()) out += "MCP-Protocol-Version: " + p.version + "\r\n";
  out += p.extra;
  out += "Content-Length: " + std::to_string(p.body.size()) + "\r\n\r\n" + p.body;
  return out;
}

std::string get_raw(std::string_view session, std::string_view last_event_id = "") {
  std::string out = "GET /mcp HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\nMcp-Session-Id: " +
                    std::string(session) + "\r\n";
  if (!last_event_id.empty()) out += "Last-Event-ID: " + std::string(last_event_id) + "\r\n";
  return out + "\r\n";
}

class StreamableHttpServerTest : public ::testing::Test {
 protected:
  void start(StreamableHttpOptions options = {}, std::uint64_t max_body = 8 << 20) {
    endpoint_ = std::make_unique<StreamableHttpEndpoint>(io_.ioc.get_executor(), options,
                                                         [live = live_] { return std::make_unique<TestHandler>(live); });
    auto handler = [this](const net::Request& req, net::ResponseWriter& w) { return endpoint_->handle(req, w); };
    server_ = start_http_server(io_.ioc, max_body, handler, address_);
    ASSERT_TRUE(server_) << "cannot listen on 127.0.0.1";
  }
  void TearDown() override {
    if (endpoint_) endpoint_->shutdown();
    EXPECT_TRUE(all_sessions_gone(*live_));
    io_.stop();
    server_.reset();
    endpoint_.reset();
  }

  // initialize + notifications/initialized; returns the session id.
  std::string open_session(std::string_view version = "2025-06-18") {
    SseReader init(address_);
    init.send(raw(Post{initialize_body(version)}));
    const std::string id(init.head()[kSessionIdHeader]);
    EXPECT_FALSE(id.empty());
    while (init.next()) {
    }
    auto res = round_trip(address_, raw(Post{R"({"jsonrpc":"2.0","method":"notifications/initialized"})", id,
                                           std::string(version)}));
    EXPECT_EQ(res.result_int(), 202);
    return id;
  }

  IoThreads io_;
  std::shared_ptr<std::atomic<int>> live_ = std::make_shared<std::atomic<int>>(0);
  std::unique_ptr<StreamableHttpEndpoint> endpoint_;
  std::unique_ptr<net::HttpServer> server_;
  asio::ip::tcp::endpoint address_;
};

TEST_F(StreamableHttpServerTest, InitializeAnswersOnAnSseStreamWithTheSessionId) {
  start();
  SseReader reader(address_);
  reader.send(raw(Post{initialize_body("2025-06-18")}));
  const auto& head = reader.head();
  EXPECT_EQ(head.result_int(), 200);
  EXPECT_EQ(head[http::field::content_type], "text/event-stream");
  EXPECT_EQ(head[http::field::cache_control], "no-cache");
  EXPECT_EQ(head["X-Accel-Buffering"], "no");
  const std::string id(head[kSessionIdHeader]);
  ASSERT_EQ(id.size(), 32u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
  auto event = reader.next();
  ASSERT_TRUE(event);
  EXPECT_EQ(event->event, "message");
  auto result = json_of(event->data).at("result").as_object();
  EXPECT_EQ(result.at("protocolVersion").as_string(), "2025-06-18");
  EXPECT_TRUE(result.at("capabilities").as_object().contains("tools"));
  EXPECT_TRUE(reader.ended());
  EXPECT_EQ(endpoint_->session_count(), 1u);
}

TEST_F(StreamableHttpServerTest, StreamsOf2025_11_25StartWithAPrimingEvent) {
  start();
  SseReader reader(address_);
  reader.send(raw(Post{initialize_body("2025-11-25")}));
  auto priming = reader.next();
  ASSERT_TRUE(priming);
  EXPECT_EQ(priming->data, "");
  EXPECT_EQ(priming->retry, 1000u);
  EXPECT_EQ(priming->id, "1-0");
  EXPECT_NE(reader.raw_body().find("id: 1-0\nretry: 1000\ndata: \n\n"), std::string::npos);
  auto result = reader.next();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->id, "1-1");
  EXPECT_TRUE(json_of(result->data).contains("result"));
}

TEST_F(StreamableHttpServerTest, RefusesWhatTheSdkRefusesWithTheSameStatusCodes) {
  start();
  const std::string id = open_session();
  const std::string ping = R"({"jsonrpc":"2.0","id":7,"method":"ping"})";
  auto status_of = [&](Post p) { return round_trip(address_, raw(p)).result_int(); };

  Post no_sse{ping, id};
  no_sse.accept = "application/json";
  EXPECT_EQ(status_of(no_sse), 406);
  Post text{ping, id};
  text.content_type = "text/plain";
  EXPECT_EQ(status_of(text), 415);
  EXPECT_EQ(status_of(Post{ping, id, "", "Origin: http://evil.example.com\r\n"}), 403);
  EXPECT_EQ(status_of(Post{ping, id, "2099-01-01"}), 400);
  EXPECT_EQ(round_trip(address_, raw(Post{ping, id, "2025-03-26"})).result_int(), 200);  // supported: let through
  Post put{ping, id};
  put.method = "PUT";
  auto put_res = round_trip(address_, raw(put));
  EXPECT_EQ(put_res.result_int(), 405);
  EXPECT_EQ(put_res[http::field::allow], "GET, POST, DELETE");

  auto no_session = round_trip(address_, raw(Post{ping}));
  EXPECT_EQ(no_session.result_int(), 400);
  EXPECT_EQ(json_of(no_session.body()).at("error").at("code").as_int64(), -32000);
  auto unknown = round_trip(address_, raw(Post{ping, "0123"}));
  EXPECT_EQ(unknown.result_int(), 404);
  EXPECT_EQ(json_of(unknown.body()).at("error").at("code").as_int64(), -32001);
  auto bad_json = round_trip(address_, raw(Post{"{nope", id}));
  EXPECT_EQ(bad_json.result_int(), 400);
  EXPECT_EQ(json_of(bad_json.body()).at("error").at("code").as_int64(), -32700);
  auto again = round_trip(address_, raw(Post{initialize_body("2025-06-18"), id}));
  EXPECT_EQ(again.result_int(), 400);
  EXPECT_EQ(json_of(again.body()).at("error").at("code").as_int64(), -32600);
  auto in_batch = round_trip(address_, raw(Post{"[" + initialize_body("2025-03-26") + "," + ping + "]"}));
  EXPECT_EQ(in_batch.result_int(), 400);
  auto get_json = round_trip(address_, "GET /mcp HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
                                     "Mcp-Session-Id: " + id + "\r\n\r\n");
  EXPECT_EQ(get_json.result_int(), 406);
  // DNS rebinding: a foreign Host is refused even without an Origin.
  auto rebound = round_trip(address_, "GET /mcp HTTP/1.1\r\nHost: evil.example.com\r\nAccept: text/event-stream\r\n"
                                    "Mcp-Session-Id: " + id + "\r\n\r\n");
  EXPECT_EQ(rebound.result_int(), 403);
}

TEST_F(StreamableHttpServerTest, BodyOverTheLimitGetsAJsonRpc413NamingIt) {
  start({}, 512);
  auto res = round_trip(address_, raw(Post{std::string(2000, ' ') + "{}"}));
  EXPECT_EQ(res.result_int(), 413);
  const auto error = json_of(res.body()).at("error").as_object();
  EXPECT_NE(std::string(error.at("message").as_string()).find("max_body_bytes"), std::string::npos);
}

TEST_F(StreamableHttpServerTest, ToolCallStreamsProgressThenTheServersRequestThenTheResult) {
  start();
  const std::string id = open_session();
  SseReader call(address_);
  call.send(raw(Post{R"({"jsonrpc":"2.0","id":"c1","method":"tools/call","params":{"name":"progress_then_sample",)"
                     R"("arguments":{},"_meta":{"progressToken":"p1"}}})",
                     id, "2025-06-18"}));
  auto progress = call.next();
  ASSERT_TRUE(progress);
  auto note = json_of(progress->data);
  EXPECT_EQ(note.at("method").as_string(), "notifications/progress");
  EXPECT_EQ(note.at("params").at("progressToken").as_string(), "p1");

  auto sampling = call.next();
  ASSERT_TRUE(sampling);
  auto request = json_of(sampling->data);
  ASSERT_EQ(request.at("method").as_string(), "sampling/createMessage");
  const std::string answer = R"({"jsonrpc":"2.0","id":)" + boost::json::serialize(request.at("id")) +
                             R"(,"result":{"role":"assistant","content":{"type":"text","text":"hi"},"model":"m"}})";
  EXPECT_EQ(round_trip(address_, raw(Post{answer, id, "2025-06-18"})).result_int(), 202);

  auto result = call.next();
  ASSERT_TRUE(result);
  auto response = json_of(result->data);
  EXPECT_EQ(response.at("id").as_string(), "c1");
  EXPECT_EQ(response.at("result").at("sampled").at("model").as_string(), "m");
  EXPECT_TRUE(call.ended());
}

TEST_F(StreamableHttpServerTest, DeleteEndsTheSessionAndLaterRequestsGet404) {
  start();
  const std::string id = open_session();
  Post del{"", id, "2025-06-18"};
  del.method = "DELETE";
  EXPECT_EQ(round_trip(address_, raw(del)).result_int(), 200);
  EXPECT_EQ(round_trip(address_, raw(Post{R"({"jsonrpc":"2.0","id":2,"method":"ping"})", id})).result_int(), 404);
  EXPECT_EQ(round_trip(address_, raw(del)).result_int(), 404);
  EXPECT_EQ(endpoint_->session_count(), 0u);
}

TEST_F(StreamableHttpServerTest, GetStreamCarriesUnrelatedMessagesAndIsExclusive) {
  start();
  const std::string id = open_session("2025-11-25");
  SseReader get(address_);
  get.send(get_raw(id));
  EXPECT_EQ(get.head().result_int(), 200);
  auto priming = get.next();
  ASSERT_TRUE(priming);
  EXPECT_EQ(priming->data, "");
  EXPECT_EQ(round_trip(address_, get_raw(id)).result_int(), 409);

  SseReader call(address_);
  call.send(raw(Post{R"({"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"announce"}})", id,
                     "2025-11-25"}));
  auto call_priming = call.next();
  ASSERT_TRUE(call_priming);
  auto result = call.next();
  ASSERT_TRUE(result);
  EXPECT_EQ(json_of(result->data).at("id").as_int64(), 5);
  EXPECT_TRUE(call.ended());

  auto note = get.next();
  ASSERT_TRUE(note);
  EXPECT_EQ(json_of(note->data).at("method").as_string(), "notifications/tools/list_changed");
  EXPECT_EQ(note->id.substr(0, 2), "0-");
}

TEST_F(StreamableHttpServerTest, LastEventIdReplaysTheResponseOfADroppedPostStream) {
  start();
  const std::string id = open_session("2025-11-25");
  std::string last_id;
  {
    SseReader call(address_);
    call.send(raw(Post{R"({"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"slow"}})", id,
                       "2025-11-25"}));
    auto priming = call.next();
    ASSERT_TRUE(priming);
    last_id = priming->id;
    call.close();  // the client drops; the request keeps running
  }
  std::this_thread::sleep_for(400ms);
  SseReader resume(address_);
  resume.send(get_raw(id, last_id));
  EXPECT_EQ(resume.head().result_int(), 200);
  auto result = resume.next();
  ASSERT_TRUE(result);
  auto response = json_of(result->data);
  EXPECT_EQ(response.at("id").as_int64(), 9);
  EXPECT_EQ(response.at("result").at("content").at(0).at("text").as_string(), "slow done");
  EXPECT_TRUE(resume.ended());  // nothing more belongs to that stream

  EXPECT_EQ(round_trip(address_, get_raw(id, "nonsense")).result_int(), 400);
}

TEST_F(StreamableHttpServerTest, MessagesSentWithoutAGetStreamWaitForOne) {
  start();
  const std::string id = open_session();
  SseReader call(address_);
  call.send(raw(Post{R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"announce"}})", id}));
  ASSERT_TRUE(call.next());
  SseReader get(address_);
  get.send(get_raw(id));
  auto note = get.next();
  ASSERT_TRUE(note);
  EXPECT_EQ(json_of(note->data).at("method").as_string(), "notifications/tools/list_changed");
}

TEST_F(StreamableHttpServerTest, IdleSessionsExpire) {
  StreamableHttpOptions options;
  options.session_idle_timeout = 150ms;
  start(options);
  const std::string id = open_session();
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(endpoint_->session_count(), 0u);
  EXPECT_EQ(round_trip(address_, raw(Post{R"({"jsonrpc":"2.0","id":2,"method":"ping"})", id})).result_int(), 404);
}

TEST_F(StreamableHttpServerTest, BatchesAreAnsweredOn2025_03_26Only) {
  start();
  const std::string batch =
      R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"x":1}}}])";
  const std::string old_id = open_session("2025-03-26");
  SseReader reader(address_);
  reader.send(raw(Post{batch, old_id, "2025-03-26"}));
  std::vector<std::int64_t> answered;
  while (auto event = reader.next()) answered.push_back(json_of(event->data).at("id").as_int64());
  std::sort(answered.begin(), answered.end());
  EXPECT_EQ(answered, (std::vector<std::int64_t>{1, 2}));

  const std::string new_id = open_session("2025-06-18");
  auto refused = round_trip(address_, raw(Post{batch, new_id, "2025-06-18"}));
  EXPECT_EQ(refused.result_int(), 400);
  EXPECT_EQ(json_of(refused.body()).at("error").at("code").as_int64(), -32600);
}

TEST_F(StreamableHttpServerTest, OpenStreamsGetKeepAliveComments) {
  StreamableHttpOptions options;
  options.keep_alive = 50ms;
  start(options);
  const std::string id = open_session();
  SseReader get(address_);
  get.send(get_raw(id));
  EXPECT_EQ(get.head().result_int(), 200);
  std::this_thread::sleep_for(200ms);
  SseReader call(address_);  // wakes nothing on the GET stream; only its keep-alives arrive
  call.send(raw(Post{R"({"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"announce"}})", id}));
  ASSERT_TRUE(call.next());
  ASSERT_TRUE(get.next());
  EXPECT_NE(get.raw_body().find(": keep-alive\n\n"), std::string::npos);
}

TEST_F(StreamableHttpServerTest, SessionCapAnswers503) {
  StreamableHttpOptions options;
  options.max_sessions = 1;
  start(options);
  open_session();
  auto refused = round_trip(address_, raw(Post{initialize_body("2025-06-18")}));
  EXPECT_EQ(refused.result_int(), 503);
  EXPECT_NE(refused.body().find("maximum of 1"), std::string::npos);
}

TEST(EventLog, IdsNameTheStreamAndReplayResumesAfterThemSkippingWhatWasDropped) {
  EXPECT_EQ(event_id(EventPosition{3, 7}), "3-7");
  auto position = parse_event_id("3-7");
  ASSERT_TRUE(position);
  EXPECT_EQ(position->stream, 3u);
  EXPECT_EQ(position->seq, 7u);
  EXPECT_FALSE(parse_event_id("3"));
  EXPECT_FALSE(parse_event_id("x-1"));
  EXPECT_FALSE(parse_event_id("3-"));

  EventLog log(3, 2);
  EXPECT_EQ(log.append(R"({"a":1})"), 1u);
  EXPECT_EQ(log.append(R"({"a":2})"), 2u);
  EXPECT_EQ(log.append(R"({"a":3})"), 3u);  // drops seq 1
  std::string out;
  EXPECT_EQ(log.collect(1, out), 4u);
  EXPECT_EQ(out, "id: 3-2\nevent: message\ndata: {\"a\":2}\n\nid: 3-3\nevent: message\ndata: {\"a\":3}\n\n");
  out.clear();
  EXPECT_EQ(log.collect(3, out), 4u);
  EXPECT_EQ(out, "id: 3-3\nevent: message\ndata: {\"a\":3}\n\n");
  out.clear();
  EXPECT_EQ(log.collect(9, out), 4u);  // a position past the end resumes at the end
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace toolgate::mcp
