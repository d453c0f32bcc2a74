// Wakes the coroutine writing an SSE stream when something changed for it (a new event, the end of
// its requests, the session closing). Producers on any thread call wake(); one writer waits.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>

namespace toolgate::mcp {

class StreamWaker {
 public:
  explicit StreamWaker(boost::asio::any_io_executor executor);

  // Never blocks: a wake-up already pending absorbs this one, because the writer re-reads all state.
  void wake();

  enum class Wait { woken, timed_out, cancelled };
  // Waits for a wake-up, at most `limit` (zero = no limit). `cancelled` when the awaiting coroutine is
  // cancelled (the HTTP server shutting the connection down).
  boost::asio::awaitable<Wait> wait(std::chrono::milliseconds limit);

 private:
  boost::asio::experimental::concurrent_channel<void(boost::system::error_code)> channel_;
};

}  // namespace toolgate::mcp
