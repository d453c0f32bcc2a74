#include "mcp/hub/hub_relay.hpp"

#include "observability/logger.hpp"

namespace toolgate::mcp::hub_detail {

namespace asio = boost::asio;

namespace {

struct Target {
  std::shared_ptr<ServerSession> downstream;
  jsonrpc::Id related_id;  // the downstream request this upstream is serving, when has_related
  bool has_related = false;

  std::optional<jsonrpc::Id> related() const {
    if (!has_related) return std::nullopt;
    return related_id;
  }
};

// Relayed traffic belongs to the latest downstream request forwarded to this upstream; with none in
// flight it goes to the session's general stream.
std::optional<Target> target(const std::weak_ptr<HubState>& weak, std::size_t index) {
  auto state = weak.lock();
  if (!state) return std::nullopt;
  std::lock_guard lock(state->mutex);
  auto downstream = state->downstream.lock();
  if (!downstream) return std::nullopt;
  Target out;
  out.downstream = std::move(downstream);
  const auto& inflight = state->links[index].inflight;
  if (!inflight.empty()) {
    out.related_id = inflight.back();
    out.has_related = true;
  }
  return out;
}

asio::awaitable<Reply> relay_request(std::weak_ptr<HubState> weak, std::size_t index,
                                     std::chrono::milliseconds timeout, RequestContext& request) {
  auto to = target(weak, index);
  if (!to) co_return Reply::error(local_code::connection_closed, "the downstream MCP session has ended");
  CallOptions options;
  options.timeout = timeout;
  options.max_total = timeout;
  options.related = to->related();
  std::optional<std::string> params = request.params();
  co_return co_await to->downstream->peer().call(request.method(), std::move(params), std::move(options));
}

void relay_notification(const std::weak_ptr<HubState>& weak, std::size_t index,
                        const jsonrpc::Notification& notification) {
  auto to = target(weak, index);
  if (!to) return;
  const bool catalogue_changed = notification.method == "notifications/tools/list_changed" ||
                                 notification.method == "notifications/prompts/list_changed" ||
                                 notification.method == "notifications/resources/list_changed";
  if (catalogue_changed) {
    if (auto state = weak.lock()) {
      std::lock_guard lock(state->mutex);
      // Routes of this upstream are stale; the next list or unknown name rebuilds them.
      forget_routes(*state, index);
    }
    to->downstream->notify(notification.method, notification.params);
    return;
  }
  to->downstream->peer().notify(notification.method, notification.params, to->related());
}

void upstream_closed(const std::weak_ptr<HubState>& weak, std::size_t index, observability::McpMetrics* metrics) {
  auto state = weak.lock();
  if (!state) return;
  std::shared_ptr<ServerSession> downstream;
  std::string name;
  std::function<void(std::size_t)> restart;
  {
    std::lock_guard lock(state->mutex);
    auto& link = state->links[index];
    // A link whose session the hub already released was closed on purpose (the downstream ended).
    if (!link.session) return;
    name = link.spec->name;
    // A session that died young is a crash loop in the making: back off, doubling each time; one that
    // lived a while earns an immediate reconnection and a fresh backoff.
    const auto now = Clock::now();
    if (now - link.connected_at < std::chrono::seconds(10)) {
      link.retry_at = now + link.backoff;
      link.backoff = std::min(link.backoff * 2, std::chrono::milliseconds(30'000));
    } else {
      link.retry_at = now;
      link.backoff = std::chrono::milliseconds(250);
    }
    restart = state->restart;
    forget_routes(*state, index);
    downstream = state->downstream.lock();
  }
  if (metrics) metrics->set_upstream_up(name, false);
  observability::log_warn("mcp upstream connection closed", {{"server", name}});
  // Its tools are gone from this session until it comes back: tell the client to list again.
  if (downstream && downstream->phase() == ServerSession::Phase::ready) {
    downstream->notify("notifications/tools/list_changed", std::nullopt);
  }
  downstream.reset();  // the restart holds the session itself, for as long as it runs
  if (restart) restart(index);
}

}  // namespace

PeerHandlers relay_handlers(const std::shared_ptr<HubState>& state, std::size_t index,
                            std::chrono::milliseconds relay_timeout, observability::McpMetrics* metrics) {
  std::weak_ptr<HubState> weak = state;
  return PeerHandlers{
      [weak, index, relay_timeout](RequestContext& request) { return relay_request(weak, index, relay_timeout, request); },
      [weak, index](const jsonrpc::Notification& notification) { relay_notification(weak, index, notification); },
      [weak, index, metrics] { upstream_closed(weak, index, metrics); }};
}

}  // namespace toolgate::mcp::hub_detail
