// Races one awaitable operation against a steady-clock deadline (Boost 1.81 has no built-in timeouts).
// The loser is cancelled through per-operation cancellation, so the operation must support it, and the caller
// must run on a strand (or a single-threaded context): both racers run on the caller's executor.
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/result.hpp>

#include <chrono>
#include <utility>

namespace toolgate::net {

using Deadline = std::chrono::steady_clock::time_point;

inline Deadline deadline_after(std::chrono::milliseconds d) { return std::chrono::steady_clock::now() + d; }

// The operation's own result when it finishes first; `timed_out` when the deadline passes first;
// `operation_aborted` when the awaiting coroutine is cancelled before either.
template <typename T>
boost::asio::awaitable<boost::system::result<T>> race_deadline(boost::asio::awaitable<T> op, Deadline deadline) {
  using namespace boost::asio::experimental::awaitable_operators;
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, deadline);
  auto winner = co_await (std::move(op) || timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable)));
  if (winner.index() == 0) {
    co_return std::move(std::get<0>(winner));
  }
  // in_place_error: T may itself be constructible from an error_code (e.g. std::tuple<error_code>).
  const boost::system::error_code ec = std::get<0>(std::get<1>(winner)) ? boost::asio::error::operation_aborted
                                                                         : boost::asio::error::timed_out;
  co_return boost::system::result<T>(boost::system::in_place_error, ec);
}

}  // namespace toolgate::net
