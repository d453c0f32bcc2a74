#include "mcp/server/server_session.hpp"

#include <gtest/gtest.h>

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json.hpp>

#include "tests/mcp/support/in_memory_upstream.hpp"

namespace toolgate::mcp {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using testing::run;

// Answers initialize after `delay` (as the hub does while it connects upstreams) and echoes methods.
class SlowHandler final : public ServerHandler {
 public:
  explicit SlowHandler(std::chrono::milliseconds delay) : delay_(delay) {}
  asio::awaitable<ServerOffer> initialize(ServerSession&, const ClientHello&) override {
    asio::steady_timer timer(co_await asio::this_coro::executor, delay_);
    co_await timer.async_wait(asio::use_awaitable);
    co_return ServerOffer{R"({"tools":{}})", R"({"name":"slow","version":"1"})", std::nullopt};
  }
  asio::awaitable<Reply> handle(ServerSession& session, RequestContext& request) override {
    co_return Reply::result(R"({"method":")" + request.method() + R"(","revision":")" +
                            std::string(to_string(session.revision())) + "\"}");
  }

 private:
  std::chrono::milliseconds delay_;
};

struct Fixture {
  asio::io_context ioc;
  std::shared_ptr<Peer> client = Peer::create(ioc.get_executor());
  std::shared_ptr<ServerSession> server;

  explicit Fixture(std::chrono::milliseconds delay = std::chrono::milliseconds(0)) {
    auto server_peer = Peer::create(ioc.get_executor());
    server = ServerSession::create(server_peer, std::make_unique<SlowHandler>(delay));
    server->start(make_inbound_transport(client->inbound()));
    client->attach(make_inbound_transport(server_peer->inbound()), PeerHandlers{});
  }

  ~Fixture() {
    client->close();
    ioc.restart();
    ioc.run();
  }

  Reply call(std::string method, std::optional<std::string> params) {
    return run(ioc, client->call(std::move(method), std::move(params)));
  }
};

std::string initialize_params(std::string_view version) {
  return R"({"protocolVersion":")" + std::string(version) +
         R"(","capabilities":{"sampling":{},"elicitation":{}},"clientInfo":{"name":"t","version":"1"}})";
}

TEST(ServerSession, NegotiatesTheRequestedRevisionOrOffersTheLatest) {
  for (auto [asked, answered] : {std::pair{"2025-03-26", "2025-03-26"}, std::pair{"2024-11-05", "2024-11-05"},
                                 std::pair{"1999-01-01", "2025-11-25"}}) {
    Fixture f;
    auto reply = f.call("initialize", initialize_params(asked));
    ASSERT_TRUE(reply.ok()) << reply.error().message;
    auto result = json::parse(reply.result_json()).as_object();
    EXPECT_EQ(result.at("protocolVersion").as_string(), answered);
    EXPECT_EQ(json::serialize(result.at("serverInfo")), R"({"name":"slow","version":"1"})");
    EXPECT_EQ(f.server->client().capabilities.elicitation_form, true);
    EXPECT_EQ(f.server->client().capabilities.sampling, true);
    // Batches follow the negotiated revision: only 2025-03-26 has them.
    EXPECT_EQ(f.server->peer().batches_allowed(), std::string_view(answered) == "2025-03-26");
  }
}

TEST(ServerSession, InitializeParamsAreCheckedAndNamed) {
  Fixture f;
  auto reply = f.call("initialize", std::string(R"({"protocolVersion":"2025-11-25","capabilities":{}})"));
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().code, jsonrpc::code::invalid_params);
  EXPECT_NE(reply.error().message.find("params.clientInfo"), std::string::npos);
  EXPECT_EQ(f.server->phase(), ServerSession::Phase::fresh);  // a refused initialize can be retried
  EXPECT_TRUE(f.call("initialize", initialize_params("2025-11-25")).ok());
}

TEST(ServerSession, RequestsBeforeInitializeAreRefusedButPingIsAnswered) {
  Fixture f;
  EXPECT_TRUE(f.call("ping", std::nullopt).ok());
  auto early = f.call("tools/list", std::nullopt);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, jsonrpc::code::invalid_request);
  EXPECT_NE(early.error().message.find("initialize"), std::string::npos);
}

TEST(ServerSession, ASecondInitializeIsRefused) {
  Fixture f;
  ASSERT_TRUE(f.call("initialize", initialize_params("2025-11-25")).ok());
  auto again = f.call("initialize", initialize_params("2025-11-25"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, jsonrpc::code::invalid_request);
}

TEST(ServerSession, RequestsPipelinedBehindInitializeWaitForIt) {
  Fixture f(std::chrono::milliseconds(50));
  auto client = f.client;
  auto both = [client]() -> asio::awaitable<std::pair<Reply, Reply>> {
    using namespace asio::experimental::awaitable_operators;
    auto results = co_await (client->call("initialize", initialize_params("2025-06-18")) &&
                             client->call("tools/list", std::nullopt));
    co_return std::pair{std::get<0>(std::move(results)), std::get<1>(std::move(results))};
  };
  auto [init, list] = run(f.ioc, both());
  ASSERT_TRUE(init.ok());
  ASSERT_TRUE(list.ok()) << list.error().message;
  EXPECT_EQ(list.result_json(), R"({"method":"tools/list","revision":"2025-06-18"})");
}

TEST(ServerSession, InitializedNotificationMakesTheSessionReady) {
  Fixture f;
  ASSERT_TRUE(f.call("initialize", initialize_params("2025-11-25")).ok());
  EXPECT_EQ(f.server->phase(), ServerSession::Phase::initialized);
  f.client->notify("notifications/initialized", std::nullopt);
  f.ioc.run();
  f.ioc.restart();
  EXPECT_EQ(f.server->phase(), ServerSession::Phase::ready);
}

}  // namespace
}  // namespace toolgate::mcp
