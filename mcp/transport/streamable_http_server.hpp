// The server side of MCP's Streamable HTTP transport (2025-03-26 … 2025-11-25) for one endpoint path:
// sessions, POST/GET/DELETE, resumable SSE streams, and the status codes the TypeScript SDK v1 uses.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "mcp/transport/server_handler_factory.hpp"
#include "net/http_types.hpp"
#include "net/response_writer.hpp"

namespace toolgate::mcp {

struct StreamableHttpOptions {
  // The listener is on a loopback address: Host and Origin must then be local (DNS-rebinding defence).
  bool loopback_bind = true;
  // A ':' comment on every open stream after this much silence; zero turns keep-alives off.
  std::chrono::milliseconds keep_alive{15'000};
  // A session with no request, no open stream and no running request for this long is closed.
  std::chrono::milliseconds session_idle_timeout{600'000};
  std::size_t max_sessions = 1024;
  // Reconnection delay announced in the priming event of 2025-11-25 streams.
  std::uint32_t retry_ms = 1000;
  std::size_t replay_events = 256;    // recent events kept per stream for Last-Event-ID
  std::size_t retained_streams = 16;  // finished POST streams per session kept for clients that dropped them
};

// Requests are always answered with an SSE stream, never a lone JSON body: progress, logging and the
// server's own requests (sampling, elicitation) can then travel before the response, and the spec
// requires clients to accept both. Notifications and responses alone get 202.
class StreamableHttpEndpoint {
 public:
  // `executor` runs the sessions (each on its own strand) and the idle sweep.
  StreamableHttpEndpoint(boost::asio::any_io_executor executor, StreamableHttpOptions options,
                         ServerHandlerFactory factory);
  // Closes every session. The endpoint must outlive the HTTP server's calls to handle().
  ~StreamableHttpEndpoint();
  StreamableHttpEndpoint(const StreamableHttpEndpoint&) = delete;
  StreamableHttpEndpoint& operator=(const StreamableHttpEndpoint&) = delete;

  // Answers one HTTP request to the MCP path, whatever its method.
  boost::asio::awaitable<void> handle(const net::Request& request, net::ResponseWriter& writer);

  // Closes every session (their open streams end) and stops the idle sweep. Idempotent.
  void shutdown();
  std::size_t session_count() const;

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace toolgate::mcp
