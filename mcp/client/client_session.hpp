// The client side of one MCP session, as toolgate opens it to an upstream server: the initialize
// handshake over any transport, then calls, with server→client requests handed to the owner.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include "mcp/protocol/capabilities.hpp"
#include "mcp/session/peer.hpp"

namespace toolgate::mcp {

struct ClientOptions {
  std::string client_info_json = R"({"name":"toolgate","version":"0"})";
  std::string capabilities_json = "{}";     // what we declare to the server
  Revision revision = kLatestRevision;     // the protocolVersion we ask for
  std::chrono::milliseconds initialize_timeout{10'000};
};

// Makes the transport once the peer exists (the transport feeds the peer's inbound side).
using TransportFactory =
    std::function<boost::system::result<std::shared_ptr<Transport>, std::string>(Inbound inbound)>;

class ClientSession {
 public:
  // Opens the transport, sends initialize, checks the answer, sends notifications/initialized. The
  // handlers receive the server's requests (ping is answered here) and notifications. Errors say why.
  static boost::asio::awaitable<boost::system::result<std::shared_ptr<ClientSession>, std::string>> connect(
      boost::asio::any_io_executor ex, TransportFactory factory, PeerHandlers handlers, ClientOptions options);

  ~ClientSession();
  ClientSession(const ClientSession&) = delete;
  ClientSession& operator=(const ClientSession&) = delete;

  const ServerHello& server() const { return server_; }
  Peer& peer() const { return *peer_; }
  bool closed() const { return peer_->closed(); }

  boost::asio::awaitable<Reply> call(std::string method, std::optional<std::string> params, CallOptions options = {}) {
    return peer_->call(std::move(method), std::move(params), std::move(options));
  }
  void notify(std::string method, std::optional<std::string> params) { peer_->notify(std::move(method), std::move(params)); }
  void close() { peer_->close(); }

 private:
  ClientSession(std::shared_ptr<Peer> peer, ServerHello server) : peer_(std::move(peer)), server_(std::move(server)) {}

  std::shared_ptr<Peer> peer_;
  ServerHello server_;
};

}  // namespace toolgate::mcp
