// The server side of one MCP session: the lifecycle (initialize, initialized, ping) and negotiated
// revision, in front of a ServerHandler that answers everything else (the hub, or a local catalog).
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include "mcp/protocol/capabilities.hpp"
#include "mcp/protocol/revision.hpp"
#include "mcp/session/peer.hpp"

namespace toolgate::mcp {

class ServerSession;

// What a server answers `initialize` with, besides the protocol version the session negotiates.
struct ServerOffer {
  std::string capabilities_json = "{}";
  std::string server_info_json = R"({"name":"toolgate","version":"0"})";
  std::optional<std::string> instructions;
};

// The application behind one session. One instance per session, so it may keep per-session state.
class ServerHandler {
 public:
  virtual ~ServerHandler() = default;
  // Runs once for the session's `initialize` request (already checked and negotiated).
  virtual boost::asio::awaitable<ServerOffer> initialize(ServerSession& session, const ClientHello& hello) = 0;
  // Every request after initialize except ping; runs on the session's strand and may be cancelled.
  virtual boost::asio::awaitable<Reply> handle(ServerSession& session, RequestContext& request) = 0;
  // Client notifications other than initialized, cancelled and progress.
  virtual void notified(ServerSession& /*session*/, const jsonrpc::Notification& /*notification*/) {}
  // The session ended (client gone, DELETE, idle expiry, shutdown).
  virtual void closed(ServerSession& /*session*/) {}
};

class ServerSession : public std::enable_shared_from_this<ServerSession> {
 public:
  // initializing: the handler is preparing its answer to `initialize` (the hub connects upstreams).
  enum class Phase { fresh, initializing, initialized, ready, closed };

  // The handler is owned by the session; `peer` is not attached yet.
  static std::shared_ptr<ServerSession> create(std::shared_ptr<Peer> peer, std::unique_ptr<ServerHandler> handler);
  // Attaches the session to its transport; messages may flow from then on.
  void start(std::shared_ptr<Transport> transport);

  Peer& peer() const { return *peer_; }
  Phase phase() const { return phase_.load(); }
  // The negotiated revision; valid once phase() is past fresh.
  Revision revision() const { return revision_.load(); }
  // The client's initialize request; valid once phase() is past fresh (read on the session strand).
  const ClientHello& client() const { return client_; }

  // Server-initiated traffic unrelated to any client request (list_changed, resources/updated, logs).
  void notify(std::string method, std::optional<std::string> params) const;

  void close() { peer_->close(); }

 private:
  ServerSession(std::shared_ptr<Peer> peer, std::unique_ptr<ServerHandler> handler);
  // Keeps the session alive for as long as one of its requests runs.
  static boost::asio::awaitable<Reply> dispatch(std::shared_ptr<ServerSession> self, RequestContext& request);
  boost::asio::awaitable<Reply> on_request(RequestContext& request);
  boost::asio::awaitable<Reply> initialize(RequestContext& request);
  void on_notification(const jsonrpc::Notification& notification);

  std::shared_ptr<Peer> peer_;
  std::unique_ptr<ServerHandler> handler_;
  std::atomic<Phase> phase_{Phase::fresh};
  std::atomic<Revision> revision_{kLatestRevision};
  ClientHello client_;
  // Requests pipelined behind `initialize` wait on this until its answer is ready (cancel() wakes them).
  boost::asio::steady_timer initialized_event_;
  bool client_sent_initialized_ = false;  // touched on the peer's strand only
};

}  // namespace toolgate::mcp
