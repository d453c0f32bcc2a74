// One end of an MCP connection: correlates our requests with the peer's replies (timeouts, progress,
// cancellation both ways) and runs each incoming request as its own cancellable coroutine.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/strand.hpp>

#include "mcp/jsonrpc/message.hpp"
#include "mcp/session/inbound.hpp"
#include "mcp/session/transport.hpp"

namespace toolgate::mcp {

// Codes a peer produces itself when a request of ours cannot complete (the TypeScript SDK's values).
namespace local_code {
inline constexpr std::int64_t connection_closed = -32000;
inline constexpr std::int64_t request_timeout = -32001;
}  // namespace local_code

struct RpcError {
  std::int64_t code = 0;
  std::string message;
  std::optional<std::string> data;  // any JSON value, minified
};

// The outcome of a request: its result object (minified JSON) or an error.
struct Reply {
  std::variant<std::string, RpcError> outcome;

  static Reply result(std::string json) { return Reply{std::move(json)}; }
  static Reply error(std::int64_t code, std::string message, std::optional<std::string> data = std::nullopt) {
    return Reply{RpcError{code, std::move(message), std::move(data)}};
  }
  bool ok() const { return outcome.index() == 0; }
  const std::string& result_json() const { return std::get<0>(outcome); }
  const RpcError& error() const { return std::get<1>(outcome); }
};

struct CallOptions {
  std::chrono::milliseconds timeout{60'000};        // silence allowed before we give up and cancel
  std::chrono::milliseconds max_total{600'000};     // hard cap even while progress keeps arriving
  std::optional<jsonrpc::Id> related;               // the peer's request this call serves (HTTP stream choice)
  // When set, params get `_meta.progressToken` and every notifications/progress for it lands here (its
  // params object, minified) and restarts the silence timer.
  std::function<void(const std::string& progress_params)> on_progress;
};

class Peer;

// An incoming request while its handler runs. Lives on the peer's strand.
class RequestContext {
 public:
  RequestContext(std::shared_ptr<Peer> peer, jsonrpc::Request request);

  const jsonrpc::Id& id() const { return request_.id; }
  const std::string& method() const { return request_.method; }
  const std::optional<std::string>& params() const { return request_.params; }
  // `params._meta.progressToken` as JSON text (a string or an integer), when the caller asked for progress.
  const std::optional<std::string>& progress_token() const { return progress_token_; }
  Peer& peer() const { return *peer_; }

  // A notification that belongs to this request (progress, log messages).
  void notify(std::string method, std::optional<std::string> params) const;
  // A request to the peer made on behalf of this one (sampling, elicitation, roots).
  boost::asio::awaitable<Reply> call(std::string method, std::optional<std::string> params,
                                     CallOptions options = {}) const;

 private:
  std::shared_ptr<Peer> peer_;
  jsonrpc::Request request_;
  std::optional<std::string> progress_token_;
};

struct PeerHandlers {
  // Answers one request; runs on the peer's strand; cancelled (operation_aborted on whatever it awaits)
  // when the peer sends notifications/cancelled for it or the peer closes. Must not throw.
  std::function<boost::asio::awaitable<Reply>(RequestContext&)> on_request = {};
  // Every notification except cancellations and progress for our own calls' tokens, which the peer consumes.
  std::function<void(const jsonrpc::Notification&)> on_notification = {};
  // Runs once when the peer closes (transport gone or close() called).
  std::function<void()> on_closed = {};
};

class Peer : public std::enable_shared_from_this<Peer> {
 public:
  static std::shared_ptr<Peer> create(boost::asio::any_io_executor ex);
  ~Peer();
  Peer(const Peer&) = delete;
  Peer& operator=(const Peer&) = delete;

  // Wires the peer before any message flows.
  void attach(std::shared_ptr<Transport> transport, PeerHandlers handlers);

  // Inbound side, for transports; safe from any thread.
  void deliver(jsonrpc::Message message);
  void transport_closed();
  // The same three entry points as callbacks, for a transport's constructor (holds the peer weakly).
  Inbound inbound();

  // Sends a request and waits for its reply, a timeout (then notifications/cancelled goes out) or the
  // caller's cancellation (likewise). Safe to await from any executor.
  boost::asio::awaitable<Reply> call(std::string method, std::optional<std::string> params, CallOptions options = {});
  // Sends a notification; safe from any thread.
  void notify(std::string method, std::optional<std::string> params,
              std::optional<jsonrpc::Id> related = std::nullopt);

  // Fails pending calls with connection_closed, cancels running handlers, closes the transport.
  void close();
  bool closed() const { return closed_flag_->load(); }

  // Whether the negotiated revision accepts JSON-RPC batches (2025-03-26 only). Transports ask before
  // accepting an array; the session sets it once the revision is known. Safe from any thread.
  bool batches_allowed() const { return batches_allowed_.load(); }
  void set_batches_allowed(bool allowed) { batches_allowed_.store(allowed); }

  const boost::asio::strand<boost::asio::any_io_executor>& strand() const { return strand_; }

 private:
  struct Pending;
  struct Running;

  explicit Peer(boost::asio::any_io_executor ex);
  void on_message(jsonrpc::Message message);
  void on_request(jsonrpc::Request request);
  void on_reply(const jsonrpc::Id& id, Reply reply);
  void on_cancelled(const std::string& params);
  bool on_progress(const std::string& params);  // false: not a token of ours
  void close_on_strand();
  boost::asio::awaitable<Reply> call_on_strand(std::string method, std::optional<std::string> params,
                                               CallOptions options);
  boost::asio::awaitable<void> serve(std::shared_ptr<RequestContext> context);
  bool send(jsonrpc::Message message, std::optional<jsonrpc::Id> related);

  boost::asio::strand<boost::asio::any_io_executor> strand_;
  std::shared_ptr<Transport> transport_;
  PeerHandlers handlers_;
  std::int64_t next_id_ = 1;
  std::map<jsonrpc::Id, std::shared_ptr<Pending>> pending_;       // our requests awaiting replies
  std::map<std::string, jsonrpc::Id> progress_tokens_;            // token JSON → our request id
  std::map<jsonrpc::Id, std::shared_ptr<Running>> running_;       // the peer's requests being served
  std::shared_ptr<std::atomic<bool>> closed_flag_;
  std::atomic<bool> batches_allowed_{false};
};

}  // namespace toolgate::mcp
