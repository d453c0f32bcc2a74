// Event-driven waits for tests: run an io_context until a condition holds or a coroutine finishes, with a
// deadline instead of sleeps, plus a count of this process's open descriptors for leak checks.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <utility>

namespace toolgate::test {

// Runs handlers until `done()` holds; false when the deadline passes first or no work is left to make it hold.
template <typename Predicate>
bool run_until(boost::asio::io_context& io, Predicate done,
               std::chrono::milliseconds limit = std::chrono::milliseconds(2000)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    if (io.stopped()) io.restart();
    if (io.run_one_until(deadline) == 0 && io.stopped()) return done();
  }
  return true;
}

// Runs the coroutine to its end; nullopt when it did not finish in time. Exceptions are rethrown.
template <typename T>
std::optional<T> run_co(boost::asio::io_context& io, boost::asio::awaitable<T> coroutine,
                        std::chrono::milliseconds limit = std::chrono::milliseconds(2000)) {
  // Shared with the handler, which may still run in a later wait of the same test when this one times out.
  struct Outcome {
    std::optional<T> result;
    std::exception_ptr failure;
    bool finished = false;
  };
  auto outcome = std::make_shared<Outcome>();
  boost::asio::co_spawn(io, std::move(coroutine), [outcome](std::exception_ptr e, T value) {
    outcome->failure = e;
    if (!e) outcome->result.emplace(std::move(value));
    outcome->finished = true;
  });
  run_until(io, [&] { return outcome->finished; }, limit);
  if (outcome->failure) std::rethrow_exception(outcome->failure);
  return std::move(outcome->result);
}

// Runs until no work is left (every coroutine ended); false when work remains at the deadline.
inline bool run_to_quiescence(boost::asio::io_context& io,
                              std::chrono::milliseconds limit = std::chrono::milliseconds(2000)) {
  if (io.stopped()) io.restart();
  io.run_for(limit);
  const bool idle = io.stopped();
  io.restart();
  return idle;
}

inline std::size_t open_fd_count() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

}  // namespace toolgate::test
