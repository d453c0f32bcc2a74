#include "mcp/transport/stream_waker.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "net/deadline.hpp"

namespace toolgate::mcp {

namespace asio = boost::asio;
using boost::system::error_code;

StreamWaker::StreamWaker(asio::any_io_executor executor) : channel_(std::move(executor), 1) {}

void StreamWaker::wake() { channel_.try_send(error_code{}); }

asio::awaitable<StreamWaker::Wait> StreamWaker::wait(std::chrono::milliseconds limit) {
  if (limit.count() <= 0) {
    auto [ec] = co_await channel_.async_receive(asio::as_tuple(asio::use_awaitable));
    co_return ec ? Wait::cancelled : Wait::woken;
  }
  auto receive = channel_.async_receive(asio::as_tuple(asio::use_awaitable));
  auto race = net::race_deadline<std::tuple<error_code>>(std::move(receive), net::deadline_after(limit));
  auto outcome = co_await std::move(race);
  if (outcome) co_return std::get<0>(*outcome) ? Wait::cancelled : Wait::woken;
  co_return outcome.error() == asio::error::timed_out ? Wait::timed_out : Wait::cancelled;
}

}  // namespace toolgate::mcp
