#include "mcp/client/client_session.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

namespace toolgate::mcp {

namespace asio = boost::asio;

namespace {

using Connected = boost::system::result<std::shared_ptr<ClientSession>, std::string>;

std::string initialize_params(const ClientOptions& options) {
  std::string out = "{\"protocolVersion\":\"";
  out.append(to_string(options.revision));
  out.append("\",\"capabilities\":");
  out.append(options.capabilities_json);
  out.append(",\"clientInfo\":");
  out.append(options.client_info_json);
  out.push_back('}');
  return out;
}

// Answers ping itself so no owner has to.
PeerHandlers with_ping(PeerHandlers handlers) {
  auto inner = std::move(handlers.on_request);
  handlers.on_request = [inner = std::move(inner)](RequestContext& request) -> asio::awaitable<Reply> {
    if (request.method() == "ping") return [](RequestContext&) -> asio::awaitable<Reply> { co_return Reply::result("{}"); }(request);
    if (inner) return inner(request);
    return [](RequestContext& r) -> asio::awaitable<Reply> {
      co_return Reply::error(jsonrpc::code::method_not_found, "method not supported by this client: " + r.method());
    }(request);
  };
  return handlers;
}

}  // namespace

ClientSession::~ClientSession() { peer_->close(); }

asio::awaitable<Connected> ClientSession::connect(asio::any_io_executor ex, TransportFactory factory,
                                                  PeerHandlers handlers, ClientOptions options) {
  auto peer = Peer::create(ex);
  // Attach on the peer's strand, so nothing the transport delivers early can race the wiring.
  auto wire = [](std::shared_ptr<Peer> peer, TransportFactory factory,
                 PeerHandlers handlers) -> asio::awaitable<boost::system::result<void, std::string>> {
    auto transport = factory(peer->inbound());
    if (!transport) co_return boost::system::result<void, std::string>(boost::system::in_place_error, transport.error());
    peer->attach(std::move(*transport), with_ping(std::move(handlers)));
    co_return boost::system::result<void, std::string>{};
  };
  auto wiring = asio::co_spawn(peer->strand(), wire(peer, std::move(factory), std::move(handlers)), asio::use_awaitable);
  auto wired = co_await std::move(wiring);
  if (!wired) co_return Connected(boost::system::in_place_error, wired.error());

  CallOptions call_options;
  call_options.timeout = options.initialize_timeout;
  call_options.max_total = options.initialize_timeout;
  auto initializing = peer->call("initialize", initialize_params(options), call_options);
  auto reply = co_await std::move(initializing);
  if (!reply.ok()) {
    peer->close();
    co_return Connected(boost::system::in_place_error, "initialize failed: " + reply.error().message);
  }
  auto hello = read_initialize_result(reply.result_json());
  if (!hello) {
    peer->close();
    co_return Connected(boost::system::in_place_error, hello.error());
  }
  peer->set_batches_allowed(false);  // toolgate never sends batches, and accepts none from servers
  peer->notify("notifications/initialized", std::nullopt);
  co_return Connected(std::shared_ptr<ClientSession>(new ClientSession(std::move(peer), std::move(*hello))));
}

}  // namespace toolgate::mcp
