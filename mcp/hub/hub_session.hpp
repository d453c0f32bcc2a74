// Internal to the hub: the per-downstream-session handler and the state its upstream relays share.
// Downstream requests run on the downstream strand, relays on upstream strands; `mutex` guards the state.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "mcp/hub/hub.hpp"

namespace toolgate::mcp::hub_detail {

using Clock = std::chrono::steady_clock;

struct Link {
  const UpstreamSpec* spec = nullptr;
  std::shared_ptr<ClientSession> session;  // null or closed() while down
  std::string error;                       // why the last connection attempt failed
  Clock::time_point retry_at{};
  std::chrono::milliseconds backoff{250};
  bool ever_connected = false;
  bool connecting = false;
  Clock::time_point connected_at{};
  std::vector<jsonrpc::Id> inflight;       // downstream requests now served by this upstream (relay target)
};

struct ToolRoute {
  std::size_t link = 0;
  std::string tool;                        // the upstream's own name
  std::string input_schema;                // minified; empty when the upstream declared none
  std::optional<std::string> output_schema;
};

struct NameRoute {
  std::size_t link = 0;
  std::string name;
};

struct HubState {
  std::mutex mutex;
  std::weak_ptr<ServerSession> downstream;
  std::vector<Link> links;
  std::map<std::string, ToolRoute, std::less<>> tools;     // public name → upstream tool
  std::map<std::string, NameRoute, std::less<>> prompts;   // public name → upstream prompt
  std::map<std::string, std::size_t, std::less<>> resources;  // URI → link that listed it
  // Lists ("tools", "prompts") fetched whole from every up upstream since routes last changed: an unknown
  // name is then unknown, and a client sending made-up names cannot make the hub list everything per call.
  std::set<std::string, std::less<>> listed;
  std::optional<std::string> log_level;                    // last logging/setLevel, replayed on reconnect
  // Starts the supervised reconnection of a link whose upstream went away; set by the session's handler.
  std::function<void(std::size_t)> restart;
};

// Drops the routes of link `index` (its upstream went away or changed its catalogue); the lists are then
// no longer known complete. Call with `state.mutex` held.
void forget_routes(HubState& state, std::size_t index);

class HubSession final : public ServerHandler {
 public:
  explicit HubSession(std::shared_ptr<Hub> hub);
  ~HubSession() override;

  boost::asio::awaitable<ServerOffer> initialize(ServerSession& session, const ClientHello& hello) override;
  boost::asio::awaitable<Reply> handle(ServerSession& session, RequestContext& request) override;
  void notified(ServerSession& session, const jsonrpc::Notification& notification) override;
  void closed(ServerSession& session) override;

 private:
  // The upstream's session, connecting (or reconnecting after its backoff) when needed; null while down.
  boost::asio::awaitable<std::shared_ptr<ClientSession>> ensure(std::size_t link);
  // Reconnects a lost upstream in the background, with backoff, while the downstream session lives
  // (`downstream` keeps it, and so this handler, alive); tells the client when the tools are back.
  static boost::asio::awaitable<void> supervise(std::shared_ptr<ServerSession> downstream, HubSession* self,
                                                std::size_t link);
  // Runs `call` on the upstream with the downstream request registered as the relay target meanwhile.
  boost::asio::awaitable<Reply> forward(std::size_t link, const std::shared_ptr<ClientSession>& session,
                                        RequestContext& request, std::string method, std::string params,
                                        CallOptions options);

  boost::asio::awaitable<Reply> list(RequestContext& request, std::string_view method, std::string_view key);
  boost::asio::awaitable<void> refresh(std::string_view method, std::string_view key);
  // The route for a public name, listing every upstream once when it is not known yet.
  template <typename Route>
  boost::asio::awaitable<std::optional<Route>> route_of(const std::map<std::string, Route, std::less<>>& routes,
                                                        const std::string& name, std::string_view list_method,
                                                        std::string_view key);
  boost::asio::awaitable<Reply> call_tool(ServerSession& session, RequestContext& request);
  boost::asio::awaitable<Reply> get_prompt(RequestContext& request);
  boost::asio::awaitable<Reply> complete(RequestContext& request);
  boost::asio::awaitable<Reply> by_uri(RequestContext& request);
  boost::asio::awaitable<Reply> set_level(RequestContext& request);
  // Accepts or drops one listed entry, renaming tools and prompts and recording routes.
  std::optional<boost::json::value> admit(std::size_t link, std::string_view key, boost::json::value item);
  bool has_capability(std::size_t link, std::string_view capability);

  std::shared_ptr<Hub> hub_;
  std::shared_ptr<HubState> state_;
  ClientOptions client_options_;
};

}  // namespace toolgate::mcp::hub_detail
