// Internal to the Streamable HTTP endpoint: its shared state and the pieces its method handlers
// (streamable_http_server.cpp for GET/DELETE, streamable_http_post.cpp for POST) have in common.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <memory>
#include <variant>

#include "mcp/protocol/revision.hpp"
#include "mcp/transport/http_session.hpp"
#include "mcp/transport/session_table.hpp"
#include "mcp/transport/streamable_http_server.hpp"

namespace toolgate::mcp {

struct StreamableHttpEndpoint::State {
  State(boost::asio::any_io_executor ex, StreamableHttpOptions opts, ServerHandlerFactory make_handler);

  // A new session, registered and started; or the response refusing it (503 when the table is full).
  std::variant<std::shared_ptr<HttpSession>, net::Response> create_session(bool keep_alive);
  // The session a request names, or the response refusing it: 400 without Mcp-Session-Id, 404 for an
  // unknown or closed one.
  std::variant<std::shared_ptr<HttpSession>, net::Response> session_for(const net::Request& request);
  // Ends a session already taken out of the table: its streams end, its running requests are cancelled.
  static void close_session(const std::shared_ptr<HttpSession>& session);
  void expire_idle();

  boost::asio::any_io_executor executor;
  const StreamableHttpOptions options;
  const ServerHandlerFactory factory;
  SessionTable<HttpSession> sessions;
  boost::asio::strand<boost::asio::any_io_executor> sweep_strand;  // the idle sweep runs here
  std::shared_ptr<boost::asio::cancellation_signal> sweep_stop;
  std::atomic<bool> stopped{false};
};

// Whether streams of this revision start with a priming event (older clients choke on empty data).
inline bool primes_streams(Revision revision) { return revision >= Revision::v2025_11_25; }

// Writes a whole response (bound to a local first: GCC 12 mishandles non-trivial temporaries in co_await).
boost::asio::awaitable<void> send_response(net::ResponseWriter& writer, net::Response response);

// Writes `reader`'s stream to `writer` (priming event first when `priming`) until it ends or the client
// goes away; the stream stays with the session for replay in that case. true = its end went out.
boost::asio::awaitable<bool> write_stream(const StreamableHttpEndpoint::State& state, const HttpSession& session,
                                          StreamReader& reader, net::ResponseWriter& writer, bool priming);

// POST to the MCP path.
boost::asio::awaitable<void> handle_post(std::shared_ptr<StreamableHttpEndpoint::State> state,
                                         const net::Request& request, net::ResponseWriter& writer);

}  // namespace toolgate::mcp
