// The shared state of one Streamable HTTP client transport and the small steps its coroutines share:
// requests carrying the session's headers, exchanges that close() can interrupt, message delivery.
#pragma once

#include "mcp/jsonrpc/message.hpp"
#include "mcp/session/inbound.hpp"
#include "mcp/transport/client_event_stream.hpp"
#include "mcp/transport/client_stop_signal.hpp"
#include "mcp/transport/streamable_http_client.hpp"
#include "net/http_client.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/strand.hpp>
#include <boost/system/result.hpp>

#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>

namespace toolgate::mcp::detail {

using SendResult = boost::system::result<std::unique_ptr<net::ClientResponse>, net::ClientError>;

// Shared by the transport object and its coroutines. Every member after `closed` is used on `strand` only.
struct StreamableHttpState {
  StreamableHttpState(boost::asio::any_io_executor ex, std::shared_ptr<net::HttpClient> http,
                      StreamableHttpClientOptions options, Inbound inbound);

  boost::asio::strand<boost::asio::any_io_executor> strand;
  std::shared_ptr<net::HttpClient> http;
  const StreamableHttpClientOptions options;
  const Inbound inbound;
  const std::string url;  // printable endpoint, for error messages and logs
  std::atomic<bool> closed{false};  // send() refuses once set

  StopSignal stop;
  std::deque<jsonrpc::Message> queue;  // messages waiting for their turn to be POSTed
  bool pumping = false;                // a coroutine is working through `queue`
  std::optional<std::string> session_id;
  std::optional<std::string> protocol_version;  // MCP-Protocol-Version to send, once negotiated
  std::optional<jsonrpc::Id> initialize_id;     // our initialize request, until its result arrives
  bool get_stream_started = false;
  bool expired = false;  // the server forgot the session; the transport is finished
};

// A request to the endpoint with the configured headers, then the session's.
net::Request make_request(const StreamableHttpState& s, net::http::verb verb);

// Sends `req` (moved from); nullopt when close() interrupted it.
boost::asio::awaitable<std::optional<SendResult>> exchange(StreamableHttpState& s, net::Request&& req);

// Reads a whole body; nullopt when close() interrupted it.
boost::asio::awaitable<std::optional<boost::system::result<std::string, net::ClientError>>> read_body(
    StreamableHttpState& s, net::ClientResponse& response);

// Hands one server message to the session, learning the negotiated protocol version on the way.
void deliver(StreamableHttpState& s, jsonrpc::Message message);

// Delivers the messages of one SSE event; sets `answered` when one of them answers `awaited` (may be null).
void deliver_event(StreamableHttpState& s, const net::SseEvent& event, const jsonrpc::Id* awaited, bool& answered);

// Ends a POSTed request that will never get its response with a transport error.
void fail_request(StreamableHttpState& s, const jsonrpc::Id& id, const std::string& why);

// The server answered 404 to our session id: stop everything and tell the session layer once.
void session_expired(StreamableHttpState& s);

// How long to wait before reconnection attempt `attempt` (0-based) of a stream.
std::chrono::milliseconds reconnect_delay(const StreamableHttpClientOptions& options, const EventStreamCursor& cursor,
                                          int attempt);

}  // namespace toolgate::mcp::detail
