// MCP client transport for the legacy HTTP+SSE protocol (2024-11-05): a GET event stream whose `endpoint`
// event names where to POST each message, with every server message arriving as a `message` event.
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
struct SseClientState;
}

struct SseClientOptions {
  net::Url url;  // the event stream, e.g. http://127.0.0.1:9000/sse
  // Sent on every request (e.g. Authorization: Bearer …); Accept and Content-Type are set after them.
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds request_timeout{60'000};  // for the stream's header and each POST's reply
  // Silence allowed on the stream before it counts as dead. Long: legacy servers rarely send keep-alives,
  // and a lost stream is a lost session (the protocol has no resumption).
  std::chrono::milliseconds stream_idle_timeout{3'600'000};
  std::uint64_t max_body_bytes = 16 * 1024 * 1024;  // per event and per POST reply
};

// Thread-safe as the Transport interface requires. The stream opens on the first send(); messages sent
// before the `endpoint` event wait and then go out in order, one POST at a time. The endpoint must be on
// the stream's origin (the POSTs carry our credentials). When the stream ends or fails the session is
// gone: `inbound.closed()` is called once. A POSTed request the server refuses gets a JSON-RPC error
// (code -32000) delivered in its place. close() does not call `inbound.closed()`.
class SseClient final : public Transport {
 public:
  SseClient(boost::asio::any_io_executor ex, std::shared_ptr<net::HttpClient> http, SseClientOptions options,
            Inbound inbound);
  ~SseClient() override;
  SseClient(const SseClient&) = delete;
  SseClient& operator=(const SseClient&) = delete;

  // `related` has no meaning on the client side: responses travel on the server's stream.
  bool send(jsonrpc::Message message, std::optional<jsonrpc::Id> related) override;
  // Ends the stream and in-flight POSTs; queued messages are dropped.
  void close() override;

 private:
  // Shared with the transport's coroutines, so they finish safely after the transport object is gone.
  std::shared_ptr<detail::SseClientState> state_;
};

}  // namespace toolgate::mcp
