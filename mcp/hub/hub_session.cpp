#include "mcp/hub/hub_session.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "mcp/hub/hub_relay.hpp"
#include "mcp/session/progress_token.hpp"
#include "observability/logger.hpp"

namespace toolgate::mcp::hub_detail {

namespace asio = boost::asio;
namespace json = boost::json;

HubSession::HubSession(std::shared_ptr<Hub> hub) : hub_(std::move(hub)), state_(std::make_shared<HubState>()) {
  for (const auto& spec : hub_->upstreams()) {
    Link link;
    link.spec = &spec;
    state_->links.push_back(std::move(link));
  }
}

HubSession::~HubSession() {
  std::vector<std::shared_ptr<ClientSession>> sessions;
  {
    std::lock_guard lock(state_->mutex);
    for (auto& link : state_->links) sessions.push_back(std::move(link.session));
  }
  for (auto& session : sessions) {
    if (session) session->close();
  }
}

asio::awaitable<ServerOffer> HubSession::initialize(ServerSession& session, const ClientHello& hello) {
  state_->downstream = session.weak_from_this();
  {
    std::weak_ptr<ServerSession> weak_session = session.weak_from_this();
    std::lock_guard lock(state_->mutex);
    // `this` is used only while the session that owns this handler is alive (the lock succeeds).
    state_->restart = [weak_session, this](std::size_t index) {
      auto downstream = weak_session.lock();
      if (!downstream || downstream->phase() == ServerSession::Phase::closed) return;
      auto strand = downstream->peer().strand();
      asio::co_spawn(strand, supervise(std::move(downstream), this, index), asio::detached);
    };
  }
  // Upstreams see the downstream client's own capabilities, so what they ask for can be relayed.
  client_options_.capabilities_json = hello.capabilities.json;
  client_options_.client_info_json = hub_->options().server_info_json;
  client_options_.revision = hello.revision;

  const auto ex = co_await asio::this_coro::executor;
  using Op = decltype(asio::co_spawn(ex, std::declval<asio::awaitable<std::shared_ptr<ClientSession>>>(), asio::deferred));
  std::vector<Op> ops;
  for (std::size_t i = 0; i < state_->links.size(); ++i) ops.push_back(asio::co_spawn(ex, ensure(i), asio::deferred));
  if (!ops.empty()) {
    auto group = asio::experimental::make_parallel_group(std::move(ops));
    auto waited = group.async_wait(asio::experimental::wait_for_all(), asio::use_awaitable);
    co_await std::move(waited);
  }

  ServerOffer offer;
  // Advertised whatever is up right now: an upstream that comes back later must not need a new session.
  json::object caps{{"tools", json::object{{"listChanged", true}}},
                    {"resources", json::object{{"subscribe", true}, {"listChanged", true}}},
                    {"prompts", json::object{{"listChanged", true}}},
                    {"logging", json::object{}}};
  if (hello.revision != Revision::v2024_11_05) caps["completions"] = json::object{};
  offer.capabilities_json = json::serialize(caps);
  offer.server_info_json = hub_->options().server_info_json;
  std::string instructions;
  {
    std::lock_guard lock(state_->mutex);
    const bool several = state_->links.size() > 1;
    for (const auto& link : state_->links) {
      if (!link.session || !link.session->server().instructions) continue;
      if (!instructions.empty()) instructions.append("\n\n");
      if (several) instructions.append(link.spec->name).append(": ");
      instructions.append(*link.session->server().instructions);
    }
  }
  if (!instructions.empty()) offer.instructions = std::move(instructions);
  co_return offer;
}

asio::awaitable<std::shared_ptr<ClientSession>> HubSession::ensure(std::size_t index) {
  // A request that finds the upstream reconnecting, or inside a short backoff, waits for it (a second
  // at most) rather than failing at once; a longer outage is skipped right away, so a dead upstream never
  // slows the others' lists. The supervisor's list_changed brings clients back when it returns.
  const UpstreamSpec* spec = state_->links[index].spec;
  const auto give_up = Clock::now() + std::min<std::chrono::milliseconds>(spec->connect_timeout, std::chrono::seconds(1));
  asio::steady_timer pause(co_await asio::this_coro::executor);
  for (;;) {
    Clock::time_point resume;
    {
      std::lock_guard lock(state_->mutex);
      auto& link = state_->links[index];
      if (link.session && !link.session->closed()) co_return link.session;
      if (!link.connecting && Clock::now() >= link.retry_at) {
        link.connecting = true;
        break;
      }
      resume = link.connecting ? Clock::now() + std::chrono::milliseconds(20) : link.retry_at;
    }
    if (resume > give_up) co_return nullptr;
    pause.expires_at(resume);
    auto [ec] = co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return nullptr;
  }
  auto options = client_options_;
  options.initialize_timeout = spec->connect_timeout;
  auto handlers = relay_handlers(state_, index, hub_->options().relay_timeout, hub_->metrics());
  auto connected = co_await ClientSession::connect(hub_->executor(), spec->transport, std::move(handlers), options);
  std::optional<std::string> replay_level;
  std::shared_ptr<ClientSession> session;
  {
    std::lock_guard lock(state_->mutex);
    auto& link = state_->links[index];
    link.connecting = false;
    if (connected) {
      if (link.ever_connected && hub_->metrics()) hub_->metrics()->record_upstream_restart(spec->name);
      link.session = *connected;
      state_->listed.clear();  // a new connection may bring other tools
      link.ever_connected = true;
      link.connected_at = Clock::now();
      link.error.clear();
      replay_level = state_->log_level;
      session = link.session;
    } else {
      link.error = connected.error();
      link.retry_at = Clock::now() + link.backoff;
      link.backoff = std::min(link.backoff * 2, std::chrono::milliseconds(30'000));
    }
  }
  if (hub_->metrics()) hub_->metrics()->set_upstream_up(spec->name, static_cast<bool>(connected));
  if (!connected) {
    observability::log_warn("mcp upstream unavailable",
                            {{"server", spec->name}, {"transport", spec->transport_kind}, {"error", connected.error()}});
    co_return nullptr;
  }
  if (replay_level && has_capability(index, "logging")) {
    auto op = session->call("logging/setLevel", json::serialize(json::object{{"level", *replay_level}}));
    auto level = co_await std::move(op);
    (void)level.ok();
  }
  co_return session;
}

bool HubSession::has_capability(std::size_t index, std::string_view capability) {
  std::shared_ptr<ClientSession> session;
  {
    std::lock_guard lock(state_->mutex);
    session = state_->links[index].session;
  }
  if (!session) return false;
  boost::system::error_code ec;
  auto caps = json::parse(session->server().capabilities_json, ec);
  return !ec && caps.is_object() && caps.as_object().contains(capability);
}

asio::awaitable<Reply> HubSession::forward(std::size_t index, const std::shared_ptr<ClientSession>& session,
                                           RequestContext& request, std::string method, std::string params,
                                           CallOptions options) {
  {
    std::lock_guard lock(state_->mutex);
    state_->links[index].inflight.push_back(request.id());
  }
  struct Unregister {
    HubState& state;
    std::size_t index;
    jsonrpc::Id id;
    ~Unregister() {
      std::lock_guard lock(state.mutex);
      auto& inflight = state.links[index].inflight;
      auto it = std::find(inflight.begin(), inflight.end(), id);
      if (it != inflight.end()) inflight.erase(it);
    }
  } unregister{*state_, index, request.id()};
  if (const auto& token = request.progress_token()) {
    // Upstream progress comes back under the downstream caller's own token, on the caller's stream.
    options.on_progress = [&request, token = *token](const std::string& params) {
      if (auto retokened = retoken_progress(params, token)) request.notify("notifications/progress", std::move(*retokened));
    };
  }
  auto op = session->call(std::move(method), std::move(params), std::move(options));
  co_return co_await std::move(op);
}

asio::awaitable<Reply> HubSession::handle(ServerSession& session, RequestContext& request) {
  const std::string& method = request.method();
  Reply reply = Reply::error(jsonrpc::code::method_not_found, "method not found: " + method);
  if (method == "tools/list") {
    reply = co_await list(request, method, "tools");
  } else if (method == "tools/call") {
    reply = co_await call_tool(session, request);
  } else if (method == "resources/list") {
    reply = co_await list(request, method, "resources");
  } else if (method == "resources/templates/list") {
    reply = co_await list(request, method, "resourceTemplates");
  } else if (method == "prompts/list") {
    reply = co_await list(request, method, "prompts");
  } else if (method == "prompts/get") {
    reply = co_await get_prompt(request);
  } else if (method == "resources/read" || method == "resources/subscribe" || method == "resources/unsubscribe") {
    reply = co_await by_uri(request);
  } else if (method == "completion/complete") {
    reply = co_await complete(request);
  } else if (method == "logging/setLevel") {
    reply = co_await set_level(request);
  }
  if (hub_->metrics()) hub_->metrics()->record_request(method, reply.ok() ? "ok" : "error");
  co_return reply;
}

asio::awaitable<void> HubSession::supervise(std::shared_ptr<ServerSession> downstream, HubSession* self,
                                            std::size_t index) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (int attempt = 0; attempt < 64; ++attempt) {
    Clock::time_point retry_at;
    {
      std::lock_guard lock(self->state_->mutex);
      const auto& link = self->state_->links[index];
      if (link.session && !link.session->closed()) co_return;  // a request reconnected it meanwhile
      retry_at = link.retry_at;
    }
    // After a failed attempt wait at least a moment: ensure() also fails while another connect runs.
    timer.expires_at(attempt == 0 ? retry_at : std::max(retry_at, Clock::now() + std::chrono::milliseconds(100)));
    auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec || downstream->phase() == ServerSession::Phase::closed) co_return;
    auto connecting = self->ensure(index);
    auto session = co_await std::move(connecting);
    if (downstream->phase() == ServerSession::Phase::closed) co_return;
    if (session) {
      downstream->notify("notifications/tools/list_changed", std::nullopt);
      co_return;
    }
  }
}

void HubSession::notified(ServerSession&, const jsonrpc::Notification& notification) {
  if (notification.method != "notifications/roots/list_changed") return;
  std::vector<std::shared_ptr<ClientSession>> sessions;
  {
    std::lock_guard lock(state_->mutex);
    for (const auto& link : state_->links) {
      if (link.session) sessions.push_back(link.session);
    }
  }
  for (const auto& session : sessions) session->notify(notification.method, notification.params);
}

void HubSession::closed(ServerSession&) {
  std::vector<std::shared_ptr<ClientSession>> sessions;
  {
    std::lock_guard lock(state_->mutex);
    for (auto& link : state_->links) sessions.push_back(std::move(link.session));
  }
  for (auto& session : sessions) {
    if (session) session->close();
  }
}

}  // namespace toolgate::mcp::hub_detail
