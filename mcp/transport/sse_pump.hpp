// The loop that writes one SSE stream to an HTTP response: whatever its source has, then a wait for
// more with a keep-alive comment whenever the stream has been quiet for the keep-alive interval.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <functional>
#include <string>

#include "mcp/transport/stream_waker.hpp"
#include "net/response_writer.hpp"

namespace toolgate::mcp {

// What a source has ready: frames to write now, and whether the stream ends after them.
struct SsePull {
  std::string data;
  bool last = false;
};

enum class PumpEnd {
  ended,      // the source said last and the stream's end went out
  failed,     // a write failed or timed out: the client is gone
  cancelled,  // the server is shutting the connection down
};

// The response header must already be written (ResponseWriter::start_stream). `pull` runs after every
// wake-up; `written` runs after the data of the last pull went out, so the source can advance its cursor.
boost::asio::awaitable<PumpEnd> pump_sse(net::ResponseWriter& writer, StreamWaker& waker,
                                         std::chrono::milliseconds keep_alive, std::function<SsePull()> pull,
                                         std::function<void()> written);

}  // namespace toolgate::mcp
