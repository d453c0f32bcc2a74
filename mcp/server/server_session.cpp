#include "mcp/server/server_session.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

namespace toolgate::mcp {

namespace asio = boost::asio;

std::shared_ptr<ServerSession> ServerSession::create(std::shared_ptr<Peer> peer,
                                                     std::unique_ptr<ServerHandler> handler) {
  return std::shared_ptr<ServerSession>(new ServerSession(std::move(peer), std::move(handler)));
}

ServerSession::ServerSession(std::shared_ptr<Peer> peer, std::unique_ptr<ServerHandler> handler)
    : peer_(std::move(peer)),
      handler_(std::move(handler)),
      initialized_event_(peer_->strand(), boost::asio::steady_timer::time_point::max()) {}

void ServerSession::start(std::shared_ptr<Transport> transport) {
  // The peer holds the session through these callbacks; the cycle ends when the peer closes.
  auto self = shared_from_this();
  peer_->attach(std::move(transport),
                PeerHandlers{[self](RequestContext& request) { return dispatch(self, request); },
                             [self](const jsonrpc::Notification& n) { self->on_notification(n); },
                             [self] {
                               self->phase_.store(Phase::closed);
                               self->handler_->closed(*self);
                             }});
}

void ServerSession::notify(std::string method, std::optional<std::string> params) const {
  peer_->notify(std::move(method), std::move(params));
}

asio::awaitable<Reply> ServerSession::dispatch(std::shared_ptr<ServerSession> self, RequestContext& request) {
  co_return co_await self->on_request(request);
}

asio::awaitable<Reply> ServerSession::on_request(RequestContext& request) {
  const std::string& method = request.method();
  if (method == "ping") co_return Reply::result("{}");
  if (method == "initialize") co_return co_await initialize(request);
  if (phase_.load() == Phase::initializing) {
    // A client that pipelines requests behind initialize gets them answered once the session is ready.
    co_await initialized_event_.async_wait(asio::as_tuple(asio::use_awaitable));
    if (phase_.load() == Phase::initializing) {
      co_return Reply::error(jsonrpc::code::invalid_request, "the session is still initializing");
    }
  }
  if (phase_.load() == Phase::fresh) {
    co_return Reply::error(jsonrpc::code::invalid_request,
                           "the session is not initialized: the first request must be initialize, not " + method);
  }
  co_return co_await handler_->handle(*this, request);
}

asio::awaitable<Reply> ServerSession::initialize(RequestContext& request) {
  if (phase_.load() != Phase::fresh) {
    co_return Reply::error(jsonrpc::code::invalid_request, "the session is already initialized");
  }
  auto hello = read_initialize_params(request.params());
  if (!hello) co_return Reply::error(jsonrpc::code::invalid_params, hello.error());
  client_ = std::move(*hello);
  revision_.store(client_.revision);
  peer_->set_batches_allowed(rules(client_.revision).batches);
  phase_.store(Phase::initializing);
  ServerOffer offer = co_await handler_->initialize(*this, client_);
  phase_.store(client_sent_initialized_ ? Phase::ready : Phase::initialized);
  initialized_event_.cancel();

  std::string out = "{\"protocolVersion\":\"";
  out.append(to_string(client_.revision));
  out.append("\",\"capabilities\":");
  out.append(offer.capabilities_json);
  out.append(",\"serverInfo\":");
  out.append(offer.server_info_json);
  if (offer.instructions) {
    out.append(",\"instructions\":");
    out.append(boost::json::serialize(boost::json::string(*offer.instructions)));
  }
  out.push_back('}');
  co_return Reply::result(std::move(out));
}

void ServerSession::on_notification(const jsonrpc::Notification& notification) {
  if (notification.method == "notifications/initialized") {
    client_sent_initialized_ = true;  // may arrive while the answer to initialize is still being prepared
    auto expected = Phase::initialized;
    phase_.compare_exchange_strong(expected, Phase::ready);
    return;
  }
  handler_->notified(*this, notification);
}

}  // namespace toolgate::mcp
