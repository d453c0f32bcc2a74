// Reads response bodies for the client transports: event streams event by event as they arrive (keeping
// the resumption cursor that outlives one connection), other bodies whole under a byte limit.
#pragma once

#include "net/client_response.hpp"
#include "net/sse.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace toolgate::mcp {

struct EventStreamCursor {
  std::string last_event_id;                       // sent as Last-Event-ID when reconnecting
  std::optional<std::chrono::milliseconds> retry;  // the server's reconnection delay, once it sent one
};

struct EventStreamEnd {
  std::size_t events = 0;            // events dispatched on this connection (priming events included)
  std::optional<std::string> error;  // why the stream broke; nullopt when the body ended cleanly
};

// Calls `on_event` for every event of `response`'s body until it ends, fails, or an event passes
// `max_event_bytes`. `response` and `cursor` must outlive the await.
boost::asio::awaitable<EventStreamEnd> read_event_stream(net::ClientResponse& response, EventStreamCursor& cursor,
                                                         std::size_t max_event_bytes,
                                                         std::function<void(const net::SseEvent&)> on_event);

// The whole body, or an error once it passes `max_bytes`. The transports leave the HTTP parser's own
// limit off, because a POST may turn into an event stream that lives far longer than any one body, and
// bound each event (read_event_stream) or each whole body (here) instead.
boost::asio::awaitable<boost::system::result<std::string, net::ClientError>> read_whole_body(
    net::ClientResponse& response, std::uint64_t max_bytes);

// Whether a Content-Type header names `media_type` (parameters and letter case ignored).
bool has_media_type(std::string_view content_type, std::string_view media_type);

}  // namespace toolgate::mcp
