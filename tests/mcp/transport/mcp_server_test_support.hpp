// Test helpers for the MCP HTTP server transports: a small ServerHandler (progress, sampling, a
// notification on the session's general channel, an echo) and a blocking SSE reader over a raw socket.
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "mcp/server/server_session.hpp"
#include "mcp/transport/http_exchange.hpp"
#include "net/http_server.hpp"
#include "net/sse.hpp"
#include "tests/net/net_test_support.hpp"

namespace toolgate::mcp::testing {

namespace asio = boost::asio;
namespace http = net::http;
using net::testing::RawClient;
using namespace std::chrono_literals;

// tools/call names: "progress_then_sample" (progress, then a sampling request, then the result holding
// the sampled text), "announce" (tools/list_changed on the session's general channel), "slow" (answers
// after 300 ms), anything else echoes its arguments.
class TestHandler final : public ServerHandler {
 public:
  // `live` counts the handlers alive, so a test can wait for every session to be torn down.
  explicit TestHandler(std::shared_ptr<std::atomic<int>> live) : live_(std::move(live)) { ++*live_; }
  ~TestHandler() override { --*live_; }

  asio::awaitable<ServerOffer> initialize(ServerSession&, const ClientHello&) override {
    ServerOffer offer;
    offer.capabilities_json = R"({"tools":{}})";
    offer.server_info_json = R"({"name":"test-server","version":"1"})";
    co_return offer;
  }

  asio::awaitable<Reply> handle(ServerSession& session, RequestContext& request) override {
    if (request.method() != "tools/call") co_return Reply::result(request.params().value_or("{}"));
    const auto params = boost::json::parse(request.params().value_or("{}")).as_object();
    const std::string name(params.at("name").as_string());
    if (name == "progress_then_sample") {
      const std::string token = request.progress_token().value_or("0");
      request.notify("notifications/progress", R"({"progressToken":)" + token + R"(,"progress":1,"total":2})");
      auto call = request.call("sampling/createMessage", std::string(R"({"messages":[],"maxTokens":5})"));
      Reply sampled = co_await std::move(call);
      if (!sampled.ok()) co_return Reply::error(-32603, "sampling failed: " + sampled.error().message);
      co_return Reply::result(R"({"content":[{"type":"text","text":"sampled"}],"sampled":)" + sampled.result_json() + "}");
    }
    if (name == "announce") {
      session.notify("notifications/tools/list_changed", std::nullopt);
      co_return Reply::result(R"({"content":[]})");
    }
    if (name == "slow") {
      asio::steady_timer timer(co_await asio::this_coro::executor, 300ms);
      co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
      co_return Reply::result(R"({"content":[{"type":"text","text":"slow done"}]})");
    }
    co_return Reply::result(boost::json::serialize(params));
  }

 private:
  std::shared_ptr<std::atomic<int>> live_;
};

// Waits until no TestHandler is alive: closing a session is asynchronous (its peer's strand runs it).
inline bool all_sessions_gone(const std::atomic<int>& live) {
  for (int i = 0; i < 200 && live.load() != 0; ++i) std::this_thread::sleep_for(10ms);
  return live.load() == 0;
}

// Reads one HTTP response whose body is an event stream, event by event, from a blocking socket
// (5 s receive timeout, so a server bug fails the test instead of hanging it).
class SseReader {
 public:
  explicit SseReader(const asio::ip::tcp::endpoint& endpoint) : client_(endpoint) { parser_.body_limit(64 << 20); }

  void send(const std::string& request) { client_.write(request); }
  const http::response_parser<http::string_body>::value_type& head() {
    if (!parser_.is_header_done()) http::read_header(client_.socket(), client_.buffer(), parser_);
    return parser_.get();
  }
  // The next event, or nullopt once the body ended (or nothing came for 5 s).
  std::optional<net::SseEvent> next() {
    head();
    while (pending_.empty()) {
      if (parser_.is_done()) return std::nullopt;
      boost::system::error_code ec;
      http::read_some(client_.socket(), client_.buffer(), parser_, ec);
      if (ec) return std::nullopt;
      const std::string& body = parser_.get().body();
      decoder_.feed(std::string_view(body).substr(fed_), pending_);
      fed_ = body.size();
    }
    net::SseEvent out = std::move(pending_.front());
    pending_.erase(pending_.begin());
    return out;
  }
  // True when the response body ended cleanly after the events read so far.
  bool ended() {
    auto more = next();
    return !more && parser_.is_done();
  }
  const std::string& raw_body() const { return parser_.get().body(); }
  void close() {
    boost::system::error_code ec;
    client_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    client_.socket().close(ec);
  }

 private:
  RawClient client_;
  http::response_parser<http::string_body> parser_;
  net::SseDecoder decoder_;
  std::vector<net::SseEvent> pending_;
  std::size_t fed_ = 0;
};

// One whole (non-streaming) exchange on a fresh connection.
inline http::response<http::string_body> round_trip(const asio::ip::tcp::endpoint& endpoint, const std::string& request) {
  RawClient client(endpoint);
  client.write(request);
  return client.read_response();
}

inline boost::json::object json_of(std::string_view text) { return boost::json::parse(text).as_object(); }

// An HttpServer listening on 127.0.0.1:0 that hands every request to `handler`, answering what net/
// refuses (413, ...) in the JSON-RPC shape MCP paths use; `address` gets the bound endpoint. Null when
// it cannot listen.
inline std::unique_ptr<net::HttpServer> start_http_server(asio::io_context& ioc, std::uint64_t max_body_bytes,
                                                          net::Handler handler, asio::ip::tcp::endpoint& address) {
  net::ServerOptions options;
  options.max_body_bytes = max_body_bytes;
  auto server = std::make_unique<net::HttpServer>(
      ioc, options, std::move(handler), [](http::status status, std::string message, std::string_view) {
        return transport_error_response(static_cast<unsigned>(status), message);
      });
  auto bound = server->listen();
  if (!bound) return nullptr;
  address = *bound;
  server->start();
  return server;
}

}  // namespace toolgate::mcp::testing
