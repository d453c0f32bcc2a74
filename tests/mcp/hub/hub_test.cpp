#include "mcp/hub/hub.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "tests/mcp/support/in_memory_upstream.hpp"

namespace toolgate::mcp {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using testing::catalog_upstream;
using testing::in_memory_server;
using testing::run;

asio::awaitable<Reply> text_reply(std::string text) {
  json::object result{{"content", json::array{json::object{{"type", "text"}, {"text", text}}}}};
  co_return Reply::result(json::serialize(result));
}

json::object object_schema(json::object properties, json::array required) {
  return json::object{{"type", "object"}, {"properties", std::move(properties)}, {"required", std::move(required)}};
}

std::shared_ptr<Catalog> alpha_catalog() {
  auto catalog = Catalog::create(Catalog::Options{R"({"name":"alpha","version":"1"})", "alpha helps", 100});
  auto added = catalog->add_tool(CatalogTool{
      json::object{{"name", "echo"},
                   {"inputSchema", object_schema(json::object{{"text", json::object{{"type", "string"}}}},
                                                 json::array{"text"})}},
      [](CatalogCall& call) { return text_reply("alpha:" + std::string(call.arguments.at("text").as_string())); }});
  EXPECT_TRUE(added);
  added = catalog->add_tool(CatalogTool{
      json::object{{"name", "steps"}, {"inputSchema", json::object{{"type", "object"}}}},
      [](CatalogCall& call) -> asio::awaitable<Reply> {
        for (int i = 1; i <= 3; ++i) call.progress(i, 3, std::nullopt);
        call.log("info", json::string("working"), std::string("alpha"));
        co_return co_await text_reply("done");
      }});
  EXPECT_TRUE(added);
  added = catalog->add_tool(CatalogTool{
      json::object{{"name", "ask"}, {"inputSchema", json::object{{"type", "object"}}}},
      [](CatalogCall& call) -> asio::awaitable<Reply> {
        auto op = call.request.call("sampling/createMessage", std::string(R"({"messages":[],"maxTokens":5})"));
        auto sampled = co_await std::move(op);
        co_return co_await text_reply(sampled.ok() ? sampled.result_json() : sampled.error().message);
      }});
  EXPECT_TRUE(added);
  added = catalog->add_tool(CatalogTool{
      json::object{{"name", "typed"},
                   {"inputSchema", json::object{{"type", "object"}}},
                   {"outputSchema", object_schema(json::object{{"n", json::object{{"type", "integer"}}}},
                                                  json::array{"n"})}},
      [](CatalogCall&) -> asio::awaitable<Reply> {
        co_return Reply::result(R"({"content":[],"structuredContent":{"n":"not a number"}})");
      }});
  EXPECT_TRUE(added);
  added = catalog->add_tool(CatalogTool{
      json::object{{"name", "die"}, {"inputSchema", json::object{{"type", "object"}}}},
      [](CatalogCall& call) -> asio::awaitable<Reply> {
        call.session.close();  // the upstream goes away in the middle of the call, as a crashing child does
        co_return Reply::result("{}");
      }});
  EXPECT_TRUE(added);
  catalog->add_resource(CatalogResource{json::object{{"uri", "test://alpha"}, {"name", "alpha"}},
                                        [](CatalogCall& call) -> asio::awaitable<Reply> {
                                          co_return Reply::result(R"({"contents":[{"uri":")" + call.uri +
                                                                  R"(","text":"from alpha"}]})");
                                        }});
  return catalog;
}

std::shared_ptr<Catalog> beta_catalog() {
  auto catalog = Catalog::create(Catalog::Options{R"({"name":"beta","version":"1"})", std::nullopt, 1});
  for (const char* name : {"echo", "second", "third"}) {
    auto added = catalog->add_tool(CatalogTool{
        json::object{{"name", name}, {"inputSchema", json::object{{"type", "object"}}}},
        [name](CatalogCall&) { return text_reply(std::string("beta:") + name); }});
    EXPECT_TRUE(added);
  }
  catalog->add_prompt(CatalogPrompt{json::object{{"name", "greet"}}, [](CatalogCall&) -> asio::awaitable<Reply> {
                                      co_return Reply::result(R"({"messages":[]})");
                                    }});
  catalog->add_resource(CatalogResource{json::object{{"uri", "test://beta"}, {"name", "beta"}},
                                        [](CatalogCall&) -> asio::awaitable<Reply> {
                                          co_return Reply::result(R"({"contents":[{"uri":"test://beta","text":"b"}]})");
                                        }});
  return catalog;
}

struct HubFixture {
  asio::io_context ioc;
  std::shared_ptr<bool> beta_down = std::make_shared<bool>(false);
  std::shared_ptr<Hub> hub;
  std::shared_ptr<ClientSession> client;
  std::vector<std::string> sampling_requests;
  std::vector<jsonrpc::Notification> notes;

  explicit HubFixture(HubOptions options = {}) {
    std::vector<UpstreamSpec> upstreams(2);
    upstreams[0].name = "alpha";
    upstreams[0].prefix = "alpha";
    upstreams[0].transport = catalog_upstream(ioc.get_executor(), alpha_catalog());
    upstreams[1].name = "beta";
    upstreams[1].prefix = "beta";
    upstreams[1].tools.deny = {"third"};
    upstreams[1].transport = catalog_upstream(ioc.get_executor(), beta_catalog(), beta_down);
    hub = Hub::create(ioc.get_executor(), std::move(options), std::move(upstreams), nullptr);
  }

  // Closing the downstream client ends the hub's session and its upstream sessions; running the
  // io_context lets those closes (posted to strands) break every session's handler cycle.
  ~HubFixture() {
    if (client) client->close();
    client.reset();
    ioc.restart();
    ioc.run();
  }

  void connect() {
    ClientOptions options;
    options.capabilities_json = R"({"sampling":{}})";
    PeerHandlers handlers;
    handlers.on_request = [this](RequestContext& request) -> asio::awaitable<Reply> {
      sampling_requests.push_back(request.method());
      co_return Reply::result(R"({"role":"assistant","content":{"type":"text","text":"sampled"},"model":"m"})");
    };
    handlers.on_notification = [this](const jsonrpc::Notification& n) { notes.push_back(n); };
    auto factory = in_memory_server(ioc.get_executor(), [hub = hub] { return hub->make_handler(); });
    auto connected = run(ioc, ClientSession::connect(ioc.get_executor(), factory, std::move(handlers), options));
    ASSERT_TRUE(connected) << connected.error();
    client = *connected;
  }

  Reply call(std::string method, std::string params, CallOptions options = {}) {
    return run(ioc, client->call(std::move(method), std::move(params), std::move(options)));
  }

  std::vector<std::string> tool_names(const Reply& reply) {
    std::vector<std::string> names;
    const auto result = json::parse(reply.result_json());
    for (const auto& tool : result.at("tools").as_array()) {
      names.emplace_back(tool.at("name").as_string());
    }
    return names;
  }
};

TEST(Hub, ListsEveryUpstreamsToolsUnderPrefixesInConfiguredOrder) {
  HubFixture f;
  f.connect();
  EXPECT_NE(f.client->server().instructions.value_or("").find("alpha: alpha helps"), std::string::npos);
  auto reply = f.call("tools/list", "{}");
  ASSERT_TRUE(reply.ok()) << reply.error().message;
  // beta pages one tool at a time; the hub follows its cursor; "third" is denied by config.
  EXPECT_EQ(f.tool_names(reply),
            (std::vector<std::string>{"alpha__echo", "alpha__steps", "alpha__ask", "alpha__typed", "alpha__die",
                                      "beta__echo", "beta__second"}));
  EXPECT_FALSE(json::parse(reply.result_json()).as_object().contains("nextCursor"));
}

TEST(Hub, GatewayCursorContinuesWhereALongListStopped) {
  HubOptions options;
  options.max_list_entries = 3;
  HubFixture f(options);
  f.connect();
  std::vector<std::string> all;
  std::string params = "{}";
  for (int page = 0; page < 10; ++page) {
    auto reply = f.call("tools/list", params);
    ASSERT_TRUE(reply.ok()) << reply.error().message;
    for (auto& name : f.tool_names(reply)) all.push_back(name);
    auto result = json::parse(reply.result_json()).as_object();
    if (!result.contains("nextCursor")) break;
    params = json::serialize(json::object{{"cursor", result.at("nextCursor")}});
  }
  EXPECT_EQ(all.size(), 7u);
  auto bad = f.call("tools/list", R"({"cursor":"garbage"})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, jsonrpc::code::invalid_params);
}

TEST(Hub, CallsAreForwardedUnderTheUpstreamsOwnName) {
  HubFixture f;
  f.connect();
  auto reply = f.call("tools/call", R"({"name":"alpha__echo","arguments":{"text":"hi"}})");
  ASSERT_TRUE(reply.ok()) << reply.error().message;
  EXPECT_NE(reply.result_json().find("alpha:hi"), std::string::npos);
  reply = f.call("tools/call", R"({"name":"beta__echo"})");
  ASSERT_TRUE(reply.ok());
  EXPECT_NE(reply.result_json().find("beta:echo"), std::string::npos);
}

TEST(Hub, UnknownAndDeniedToolsAreInvalidParams) {
  HubFixture f;
  f.connect();
  for (const char* name : {"nope", "beta__third"}) {
    auto reply = f.call("tools/call", std::string(R"({"name":")") + name + "\"}");
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().code, jsonrpc::code::invalid_params);
    EXPECT_NE(reply.error().message.find(name), std::string::npos);
  }
}

// Counts the tools/list requests an upstream receives.
class ListCounter final : public ServerHandler {
 public:
  ListCounter(std::unique_ptr<ServerHandler> inner, std::shared_ptr<int> lists)
      : inner_(std::move(inner)), lists_(std::move(lists)) {}
  asio::awaitable<ServerOffer> initialize(ServerSession& session, const ClientHello& hello) override {
    return inner_->initialize(session, hello);
  }
  asio::awaitable<Reply> handle(ServerSession& session, RequestContext& request) override {
    if (request.method() == "tools/list") ++*lists_;
    return inner_->handle(session, request);
  }

 private:
  std::unique_ptr<ServerHandler> inner_;
  std::shared_ptr<int> lists_;
};

TEST(Hub, MadeUpToolNamesDoNotMakeTheHubListUpstreamsAgain) {
  asio::io_context ioc;
  auto lists = std::make_shared<int>(0);
  auto catalog = alpha_catalog();
  std::vector<UpstreamSpec> upstreams(1);
  upstreams[0].name = "alpha";
  upstreams[0].transport = in_memory_server(ioc.get_executor(), [catalog, lists] {
    return std::make_unique<ListCounter>(catalog->make_handler(), lists);
  });
  auto hub = Hub::create(ioc.get_executor(), HubOptions{}, std::move(upstreams), nullptr);
  auto factory = in_memory_server(ioc.get_executor(), [hub] { return hub->make_handler(); });
  auto client = *run(ioc, ClientSession::connect(ioc.get_executor(), factory, PeerHandlers{}, ClientOptions{}));
  for (int i = 0; i < 5; ++i) {
    std::string params = R"({"name":"made_up_)" + std::to_string(i) + R"("})";
    auto reply = run(ioc, client->call("tools/call", params));
    ASSERT_FALSE(reply.ok());
    EXPECT_EQ(reply.error().code, jsonrpc::code::invalid_params);
  }
  EXPECT_EQ(*lists, 1);  // listed once, to learn the names; then unknown is unknown
  auto echo = run(ioc, client->call("tools/call", std::string(R"({"name":"echo","arguments":{"text":"x"}})")));
  EXPECT_TRUE(echo.ok());
  client->close();
  client.reset();
  ioc.restart();
  ioc.run();
}

TEST(Hub, InvalidArgumentsAreToolErrorsNamingThePointer) {
  HubFixture f;
  f.connect();
  auto reply = f.call("tools/call", R"({"name":"alpha__echo","arguments":{"text":5}})");
  ASSERT_TRUE(reply.ok());
  EXPECT_NE(reply.result_json().find("\"isError\":true"), std::string::npos);
  EXPECT_NE(reply.result_json().find("arguments/text"), std::string::npos);
}

TEST(Hub, StructuredContentIsCheckedAgainstTheOutputSchema) {
  HubFixture f;
  f.connect();
  auto reply = f.call("tools/call", R"({"name":"alpha__typed"})");
  ASSERT_TRUE(reply.ok());
  EXPECT_NE(reply.result_json().find("\"isError\":true"), std::string::npos);
  EXPECT_NE(reply.result_json().find("structuredContent/n"), std::string::npos);
}

TEST(Hub, ProgressAndLogsComeBackUnderTheCallersToken) {
  HubFixture f;
  f.connect();
  std::vector<std::string> progress;
  CallOptions options;
  options.on_progress = [&](const std::string& params) { progress.push_back(params); };
  auto reply = f.call("tools/call", R"({"name":"alpha__steps"})", options);
  ASSERT_TRUE(reply.ok()) << reply.error().message;
  ASSERT_EQ(progress.size(), 3u);
  EXPECT_NE(progress[2].find("\"progress\":3"), std::string::npos);
  ASSERT_FALSE(f.notes.empty());
  EXPECT_EQ(f.notes.back().method, "notifications/message");
}

TEST(Hub, SamplingIsRelayedToTheDownstreamClient) {
  HubFixture f;
  f.connect();
  auto reply = f.call("tools/call", R"({"name":"alpha__ask"})");
  ASSERT_TRUE(reply.ok()) << reply.error().message;
  EXPECT_EQ(f.sampling_requests, std::vector<std::string>{"sampling/createMessage"});
  EXPECT_NE(reply.result_json().find("sampled"), std::string::npos);
}

TEST(Hub, ALostUpstreamIsRestartedInTheBackgroundAndTheClientTold) {
  HubFixture f;
  f.connect();
  ASSERT_TRUE(f.call("tools/list", "{}").ok());
  // The upstream's answer may or may not get out before its connection goes; either way it is gone.
  f.call("tools/call", R"({"name":"alpha__die"})");
  // The io_context ran the supervised restart to its end: down, then back, each announced.
  std::size_t changed = 0;
  for (const auto& note : f.notes) changed += note.method == "notifications/tools/list_changed";
  EXPECT_EQ(changed, 2u);
  auto echo = f.call("tools/call", R"({"name":"alpha__echo","arguments":{"text":"back"}})");
  ASSERT_TRUE(echo.ok()) << echo.error().message;
  EXPECT_NE(echo.result_json().find("alpha:back"), std::string::npos);
}

TEST(Hub, ADownUpstreamLeavesTheOthersServed) {
  HubFixture f;
  *f.beta_down = true;
  f.connect();
  auto reply = f.call("tools/list", "{}");
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(f.tool_names(reply).size(), 5u);  // alpha only
  auto read = f.call("resources/read", R"({"uri":"test://alpha"})");
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_NE(read.result_json().find("from alpha"), std::string::npos);
}

TEST(Hub, ResourcesPromptsAndLoggingAreRouted) {
  HubFixture f;
  f.connect();
  auto resources = f.call("resources/list", "{}");
  ASSERT_TRUE(resources.ok());
  EXPECT_NE(resources.result_json().find("test://beta"), std::string::npos);
  auto read = f.call("resources/read", R"({"uri":"test://beta"})");
  ASSERT_TRUE(read.ok());
  auto missing = f.call("resources/read", R"({"uri":"test://none"})");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, -32002);
  auto prompt = f.call("prompts/get", R"({"name":"beta__greet"})");
  EXPECT_TRUE(prompt.ok()) << prompt.error().message;
  EXPECT_TRUE(f.call("logging/setLevel", R"({"level":"error"})").ok());
  auto bad_level = f.call("logging/setLevel", R"({"level":"loud"})");
  ASSERT_FALSE(bad_level.ok());
  EXPECT_EQ(bad_level.error().code, jsonrpc::code::invalid_params);
}

TEST(Hub, CheckRejectsDuplicateNamesAndPrefixes) {
  std::vector<UpstreamSpec> upstreams(2);
  upstreams[0].name = "a";
  upstreams[0].prefix = "same";
  upstreams[1].name = "b";
  upstreams[1].prefix = "same";
  auto checked = Hub::check(upstreams, ToolNaming{});
  ASSERT_FALSE(checked);
  EXPECT_NE(checked.error().find("\"a\" and \"b\""), std::string::npos);
  upstreams[1].name = "a";
  upstreams[1].prefix = "other";
  EXPECT_FALSE(Hub::check(upstreams, ToolNaming{}));
}

TEST(Hub, ProbeReportsACollisionNamingBothServers) {
  asio::io_context ioc;
  std::vector<UpstreamSpec> upstreams(2);
  upstreams[0].name = "alpha";
  upstreams[0].transport = catalog_upstream(ioc.get_executor(), beta_catalog());
  upstreams[1].name = "beta";
  upstreams[1].transport = catalog_upstream(ioc.get_executor(), beta_catalog());
  auto hub = Hub::create(ioc.get_executor(), HubOptions{}, std::move(upstreams), nullptr);
  auto probed = run(ioc, hub->probe());
  ASSERT_FALSE(probed);
  EXPECT_NE(probed.error().find("alpha"), std::string::npos);
  EXPECT_NE(probed.error().find("beta"), std::string::npos);
}

}  // namespace
}  // namespace toolgate::mcp
