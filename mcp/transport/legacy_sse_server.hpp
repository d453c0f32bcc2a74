// The server side of MCP's legacy HTTP+SSE transport (2024-11-05): GET /sse opens a session's stream,
// whose first `endpoint` event says where to POST; POST /messages?sessionId=… answers 202 "Accepted".
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "mcp/transport/server_handler_factory.hpp"
#include "net/http_types.hpp"
#include "net/response_writer.hpp"

namespace toolgate::mcp {

struct LegacySseOptions {
  bool loopback_bind = true;                       // Host and Origin must then be local
  std::chrono::milliseconds keep_alive{15'000};    // ':' comments after this much silence; zero = none
  std::size_t max_sessions = 1024;
  // The endpoint event names `path_prefix + messages_path + "?sessionId=<id>"`, relative to the
  // stream's origin; set the prefix when a proxy serves the gateway below a path.
  std::string path_prefix;
  std::string messages_path = "/messages";
  std::size_t max_queued_messages = 4096;          // per session, while its stream is slower than the server
};

class LegacySseEndpoint {
 public:
  LegacySseEndpoint(boost::asio::any_io_executor executor, LegacySseOptions options, ServerHandlerFactory factory);
  // Closes every session. The endpoint must outlive the HTTP server's calls to the handlers.
  ~LegacySseEndpoint();
  LegacySseEndpoint(const LegacySseEndpoint&) = delete;
  LegacySseEndpoint& operator=(const LegacySseEndpoint&) = delete;

  // The stream path (GET /sse): the session lives as long as this response.
  boost::asio::awaitable<void> handle_stream(const net::Request& request, net::ResponseWriter& writer);
  // The messages path (POST /messages?sessionId=…).
  boost::asio::awaitable<void> handle_message(const net::Request& request, net::ResponseWriter& writer);

  // Closes every session (their streams end). Idempotent.
  void shutdown();
  std::size_t session_count() const;

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace toolgate::mcp
