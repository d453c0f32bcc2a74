// MCP client transport for Streamable HTTP (2025-03-26 and later): one POST per outbound message, replies
// as JSON or SSE, a standalone GET stream for server-initiated traffic, resumption by Last-Event-ID.
#pragma once

#include "mcp/session/inbound.hpp"
#include "mcp/session/transport.hpp"
#include "net/http_client.hpp"
#include "net/url.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace toolgate::mcp {

namespace detail {
struct StreamableHttpState;
}

struct StreamableHttpClientOptions {
  net::Url endpoint;  // the server's MCP endpoint, e.g. http://127.0.0.1:9000/mcp
  // Sent on every request (e.g. Authorization: Bearer …). The protocol's own headers (Accept,
  // Content-Type, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID) are set after them and win.
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds connect_timeout{10'000};
  // Longest wait for a response header, and longest silence inside a body or stream. Generous because a
  // server that answers with JSON holds its header back until the tool finishes; the session's per-call
  // timeouts are the real limit. A silent GET stream is simply reopened.
  std::chrono::milliseconds request_timeout{600'000};
  std::uint64_t max_body_bytes = 16 * 1024 * 1024;  // per JSON body and per SSE event
  // Reconnection of a dropped stream, when the server sent no `retry`: this delay, growing 1.5x per
  // fruitless attempt up to the maximum; after this many attempts in a row that bring no event, give up.
  std::chrono::milliseconds reconnect_delay{1'000};
  std::chrono::milliseconds max_reconnect_delay{30'000};
  int max_reconnect_attempts = 5;
  std::chrono::milliseconds close_timeout{2'000};  // the best-effort DELETE of the session at close()
};

// Thread-safe as the Transport interface requires. Nothing goes on the wire before the first send().
// Server messages reach `inbound.deliver` on the transport's own strand. A POSTed request whose HTTP
// exchange fails gets a JSON-RPC error (code -32000) delivered in place of its response; an expired
// session (404 to a request carrying Mcp-Session-Id) ends the transport with `inbound.closed()`.
// close() does not call `inbound.closed()`: the caller already knows.
class StreamableHttpClient final : public Transport {
 public:
  // `http` may be shared with other users; `ex` is the executor the transport's strand is made from.
  StreamableHttpClient(boost::asio::any_io_executor ex, std::shared_ptr<net::HttpClient> http,
                       StreamableHttpClientOptions options, Inbound inbound);
  ~StreamableHttpClient() override;
  StreamableHttpClient(const StreamableHttpClient&) = delete;
  StreamableHttpClient& operator=(const StreamableHttpClient&) = delete;

  // `related` has no meaning on the client side: every message is its own POST.
  bool send(jsonrpc::Message message, std::optional<jsonrpc::Id> related) override;
  // Stops the streams and in-flight requests and DELETEs the session (best effort, close_timeout).
  void close() override;

 private:
  // Shared with the transport's coroutines, so they finish safely after the transport object is gone.
  std::shared_ptr<detail::StreamableHttpState> state_;
};

}  // namespace toolgate::mcp
