#include "mcp/session/peer.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/json.hpp>

#include "mcp/session/memory_transport.hpp"

namespace toolgate::mcp {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using namespace boost::asio::experimental::awaitable_operators;

// Runs `op` on a fresh io_context until it completes and returns its value.
template <typename T>
T run(asio::io_context& ioc, asio::awaitable<T> op) {
  auto future = asio::co_spawn(ioc, std::move(op), asio::use_future);
  ioc.run();
  ioc.restart();
  return future.get();
}

struct Pair {
  asio::io_context ioc;
  std::shared_ptr<Peer> client = Peer::create(ioc.get_executor());
  std::shared_ptr<Peer> server = Peer::create(ioc.get_executor());
  std::vector<jsonrpc::Notification> client_notes;

  // Closing breaks the peer/handler cycles; the io_context then runs what the close posted.
  ~Pair() {
    client->close();
    server->close();
    ioc.restart();
    ioc.run();
  }

  void connect(PeerHandlers server_handlers, PeerHandlers client_handlers = {}) {
    if (!client_handlers.on_notification) {
      client_handlers.on_notification = [this](const jsonrpc::Notification& n) { client_notes.push_back(n); };
    }
    connect_in_memory(client, std::move(client_handlers), server, std::move(server_handlers));
  }
};

asio::awaitable<void> sleep_for(std::chrono::milliseconds d) {
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  co_await timer.async_wait(asio::use_awaitable);
}

// A parameter, not a lambda capture: a coroutine's frame outlives the lambda object that started it.
asio::awaitable<void> close_soon(std::shared_ptr<Peer> peer) {
  co_await sleep_for(20ms);
  peer->close();
  co_await sleep_for(10s);
}

TEST(Peer, CallGetsTheResultOfTheHandler) {
  Pair p;
  p.connect(PeerHandlers{[](RequestContext& ctx) -> asio::awaitable<Reply> {
    co_return Reply::result("{\"echo\":\"" + ctx.method() + "\"}");
  }});
  auto reply = run(p.ioc, p.client->call("tools/list", std::nullopt));
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply.result_json(), R"({"echo":"tools/list"})");
}

TEST(Peer, ErrorsTravelWithCodeMessageAndData) {
  Pair p;
  p.connect(PeerHandlers{[](RequestContext&) -> asio::awaitable<Reply> {
    co_return Reply::error(-32602, "unknown tool: x", std::string(R"({"name":"x"})"));
  }});
  auto reply = run(p.ioc, p.client->call("tools/call", std::string("{}")));
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, -32602);
  EXPECT_EQ(reply.error().message, "unknown tool: x");
  EXPECT_EQ(reply.error().data, R"({"name":"x"})");
}

TEST(Peer, TimeoutSendsCancelledAndFailsTheCall) {
  Pair p;
  bool handler_cancelled = false;
  p.connect(PeerHandlers{[&](RequestContext&) -> asio::awaitable<Reply> {
    try {
      co_await sleep_for(10s);
    } catch (const boost::system::system_error&) {
      handler_cancelled = true;
      throw;
    }
    co_return Reply::result("{}");
  }});
  CallOptions options;
  options.timeout = 50ms;
  auto reply = run(p.ioc, p.client->call("slow", std::nullopt, options));
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, local_code::request_timeout);
  EXPECT_NE(reply.error().message.find("timed out after 50 ms"), std::string::npos);
  EXPECT_TRUE(handler_cancelled);  // notifications/cancelled reached the server and stopped the handler
}

TEST(Peer, ProgressReachesTheCallerAndExtendsTheDeadline) {
  Pair p;
  p.connect(PeerHandlers{[](RequestContext& ctx) -> asio::awaitable<Reply> {
    for (int i = 1; i <= 4; ++i) {
      co_await sleep_for(30ms);
      ctx.notify("notifications/progress",
                 "{\"progressToken\":" + *ctx.progress_token() + ",\"progress\":" + std::to_string(i) + "}");
    }
    co_return Reply::result("{}");
  }});
  std::vector<std::string> seen;
  CallOptions options;
  options.timeout = 80ms;  // shorter than the whole call, longer than the gap between progress messages
  options.on_progress = [&](const std::string& params) { seen.push_back(params); };
  auto reply = run(p.ioc, p.client->call("long", std::nullopt, options));
  EXPECT_TRUE(reply.ok());
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_NE(seen[3].find("\"progress\":4"), std::string::npos);
}

TEST(Peer, HandlerCanCallBackOnTheSameConnection) {
  Pair p;
  p.connect(
      PeerHandlers{[](RequestContext& ctx) -> asio::awaitable<Reply> {
        auto sampled = co_await ctx.call("sampling/createMessage", std::string("{}"));
        co_return Reply::result("{\"inner\":" + (sampled.ok() ? sampled.result_json() : "null") + "}");
      }},
      PeerHandlers{[](RequestContext& ctx) -> asio::awaitable<Reply> {
        co_return Reply::result("{\"method\":\"" + ctx.method() + "\"}");
      }});
  auto reply = run(p.ioc, p.client->call("tools/call", std::nullopt));
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply.result_json(), R"({"inner":{"method":"sampling/createMessage"}})");
}

TEST(Peer, CallerCancellationSendsCancelled) {
  Pair p;
  bool handler_cancelled = false;
  p.connect(PeerHandlers{[&](RequestContext&) -> asio::awaitable<Reply> {
    try {
      co_await sleep_for(10s);
    } catch (const boost::system::system_error&) {
      handler_cancelled = true;
      throw;
    }
    co_return Reply::result("{}");
  }});
  auto client = p.client;
  auto race = [client]() -> asio::awaitable<bool> {
    auto outcome = co_await (client->call("slow", std::nullopt) || sleep_for(40ms));
    co_return outcome.index() == 1;
  };
  EXPECT_TRUE(run(p.ioc, race()));
  EXPECT_TRUE(handler_cancelled);
}

TEST(Peer, CloseFailsPendingCallsAndLateRepliesAreIgnored) {
  Pair p;
  p.connect(PeerHandlers{[](RequestContext&) -> asio::awaitable<Reply> {
    co_await sleep_for(10s);
    co_return Reply::result("{}");
  }});
  auto reply_or_close = [](std::shared_ptr<Peer> client) -> asio::awaitable<Reply> {
    auto reply = co_await (client->call("slow", std::nullopt) || close_soon(client));
    co_return std::get<0>(reply);
  };
  auto op = [&] { return reply_or_close(p.client); };
  auto reply = run(p.ioc, op());
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, local_code::connection_closed);
  EXPECT_TRUE(p.client->closed());
  EXPECT_TRUE(p.server->closed());
}

TEST(Peer, DuplicateInFlightIdIsRejected) {
  asio::io_context ioc;
  auto peer = Peer::create(ioc.get_executor());
  struct Capture final : Transport {
    std::vector<jsonrpc::Message> sent;
    bool send(jsonrpc::Message m, std::optional<jsonrpc::Id>) override {
      sent.push_back(std::move(m));
      return true;
    }
    void close() override {}
  };
  auto capture = std::make_shared<Capture>();
  peer->attach(capture, PeerHandlers{[](RequestContext&) -> asio::awaitable<Reply> {
    co_await sleep_for(30ms);
    co_return Reply::result("{}");
  }});
  peer->deliver(jsonrpc::Request{jsonrpc::Id{std::int64_t{1}}, "a", std::nullopt});
  peer->deliver(jsonrpc::Request{jsonrpc::Id{std::int64_t{1}}, "b", std::nullopt});
  ioc.run();
  ASSERT_EQ(capture->sent.size(), 2u);
  const auto* error = std::get_if<jsonrpc::Error>(&capture->sent[0]);
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->code, jsonrpc::code::invalid_request);
  EXPECT_TRUE(std::holds_alternative<jsonrpc::Result>(capture->sent[1]));
}

}  // namespace
}  // namespace toolgate::mcp
