// Test support: an upstream MCP server served from a Catalog in the same process, reachable through
// a TransportFactory as the hub and client sessions expect, plus a helper to run coroutines to completion.
#pragma once

#include <future>
#include <memory>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "mcp/client/client_session.hpp"
#include "mcp/server/catalog.hpp"
#include "mcp/server/server_session.hpp"
#include "mcp/session/memory_transport.hpp"

namespace toolgate::mcp::testing {

// Each call of the factory starts a fresh server session with a handler from `make_handler` (like
// spawning a new child). `fail` (when set and true) makes it refuse, as an unreachable upstream would.
inline TransportFactory in_memory_server(boost::asio::any_io_executor ex,
                                         std::function<std::unique_ptr<ServerHandler>()> make_handler,
                                         std::shared_ptr<bool> fail = nullptr) {
  return [ex, make_handler, fail](Inbound client) -> boost::system::result<std::shared_ptr<Transport>, std::string> {
    if (fail && *fail) {
      return boost::system::result<std::shared_ptr<Transport>, std::string>(boost::system::in_place_error,
                                                                            "connection refused");
    }
    auto server_peer = Peer::create(ex);
    auto session = ServerSession::create(server_peer, make_handler());
    session->start(make_inbound_transport(std::move(client)));
    return make_inbound_transport(server_peer->inbound());
  };
}

inline TransportFactory catalog_upstream(boost::asio::any_io_executor ex, std::shared_ptr<Catalog> catalog,
                                         std::shared_ptr<bool> fail = nullptr) {
  return in_memory_server(ex, [catalog] { return catalog->make_handler(); }, std::move(fail));
}

template <typename T>
T run(boost::asio::io_context& ioc, boost::asio::awaitable<T> op) {
  auto future = boost::asio::co_spawn(ioc, std::move(op), boost::asio::use_future);
  ioc.run();
  ioc.restart();
  return future.get();
}

}  // namespace toolgate::mcp::testing
