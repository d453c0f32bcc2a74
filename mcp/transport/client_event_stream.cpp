// Incremental event-stream reading for the client transports.
#include "mcp/transport/client_event_stream.hpp"

#include "mcp/transport/client_messages.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace toolgate::mcp {

boost::asio::awaitable<EventStreamEnd> read_event_stream(net::ClientResponse& response, EventStreamCursor& cursor,
                                                         std::size_t max_event_bytes,
                                                         std::function<void(const net::SseEvent&)> on_event) {
  EventStreamEnd end;
  net::SseDecoder decoder(max_event_bytes);
  std::vector<net::SseEvent> events;
  for (;;) {
    auto part = co_await response.read_some();
    if (!part) {
      end.error = part.error().message;
      co_return end;
    }
    if (!*part) {
      co_return end;
    }
    events.clear();
    const bool framed = decoder.feed(**part, events);
    for (const net::SseEvent& event : events) {
      ++end.events;
      // The decoder repeats the last id on every later event; only a new one moves the cursor.
      if (!event.id.empty()) {
        cursor.last_event_id = event.id;
      }
      if (event.retry) {
        cursor.retry = std::chrono::milliseconds(*event.retry);
      }
      on_event(event);
    }
    if (!framed) {
      end.error = str_cat("an event exceeds the ", std::to_string(max_event_bytes), "-byte limit");
      co_return end;
    }
  }
}

boost::asio::awaitable<boost::system::result<std::string, net::ClientError>> read_whole_body(
    net::ClientResponse& response, std::uint64_t max_bytes) {
  std::string body;
  for (;;) {
    auto part = co_await response.read_some();
    if (!part) {
      co_return part.error();
    }
    if (!*part) {
      co_return body;
    }
    if (body.size() + (*part)->size() > max_bytes) {
      co_return net::ClientError{net::ClientErrc::body_too_large,
                                 str_cat("the response body exceeds the ", std::to_string(max_bytes), "-byte limit")};
    }
    body.append(**part);
  }
}

bool has_media_type(std::string_view content_type, std::string_view media_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) {
    type.remove_prefix(1);
  }
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) {
    type.remove_suffix(1);
  }
  return std::equal(type.begin(), type.end(), media_type.begin(), media_type.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
}

}  // namespace toolgate::mcp
