#include "mcp/transport/sse_pump.hpp"

#include "mcp/transport/sse_frames.hpp"

namespace toolgate::mcp {

namespace asio = boost::asio;

asio::awaitable<PumpEnd> pump_sse(net::ResponseWriter& writer, StreamWaker& waker, std::chrono::milliseconds keep_alive,
                                  std::function<SsePull()> pull, std::function<void()> written) {
  const std::string keep_alive_text = keep_alive_frame();
  for (;;) {
    SsePull next = pull();
    if (next.last) {
      const bool ok = co_await writer.end_stream(next.data);
      if (!ok) co_return PumpEnd::failed;
      written();
      co_return PumpEnd::ended;
    }
    if (!next.data.empty()) {
      // Everything ready goes out as one chunk; then look again before waiting.
      if (!co_await writer.write_chunk(next.data)) co_return PumpEnd::failed;
      written();
      continue;
    }
    const StreamWaker::Wait wait = co_await waker.wait(keep_alive);
    if (wait == StreamWaker::Wait::cancelled) co_return PumpEnd::cancelled;
    if (wait == StreamWaker::Wait::timed_out && !co_await writer.write_chunk(keep_alive_text)) {
      co_return PumpEnd::failed;
    }
  }
}

}  // namespace toolgate::mcp
