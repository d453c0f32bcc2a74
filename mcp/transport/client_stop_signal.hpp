// A one-shot stop shared by every coroutine of a client transport: close() fires it once and each
// pending wait (a request, a stream read, a reconnection delay) ends at once, whatever it was.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <optional>
#include <utility>

namespace toolgate::mcp {

// Bound to one strand: stop(), stopped() and the awaitables must all run there. One timer serves every
// waiter: it stays armed "forever" until stop() makes it expire, which wakes the waiters and makes any
// later wait complete immediately.
class StopSignal {
 public:
  explicit StopSignal(boost::asio::any_io_executor strand)
      : timer_(std::move(strand), std::chrono::steady_clock::time_point::max()) {}

  void stop() {
    stopped_ = true;
    timer_.expires_after(std::chrono::steady_clock::duration::zero());
  }
  bool stopped() const { return stopped_; }

  // `op`'s result, or nullopt when the stop fires first (`op` is then cancelled). Taken by reference so no
  // awaitable temporary lives across the suspension (GCC 12 mishandles those).
  template <typename T>
  boost::asio::awaitable<std::optional<T>> until(boost::asio::awaitable<T>&& op) {
    if (stopped_) {
      co_return std::nullopt;
    }
    using namespace boost::asio::experimental::awaitable_operators;
    auto winner = co_await (std::move(op) || timer_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable)));
    if (winner.index() != 0) {
      co_return std::nullopt;
    }
    co_return std::optional<T>(std::move(std::get<0>(winner)));
  }

  // Waits `delay`; false when the stop fired first.
  boost::asio::awaitable<bool> sleep(std::chrono::milliseconds delay) {
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, delay);
    auto wait = timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    auto waited = co_await until(std::move(wait));
    co_return waited.has_value() && !stopped_;
  }

 private:
  boost::asio::steady_timer timer_;
  bool stopped_ = false;
};

}  // namespace toolgate::mcp
