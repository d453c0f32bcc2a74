#include "mcp/transport/child_transport.hpp"

#include "observability/logger.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>

namespace toolgate::mcp {

namespace asio = boost::asio;
using observability::log_info;

struct ChildTransport::State {
  State(asio::strand<asio::any_io_executor> s, std::unique_ptr<net::ChildProcess> c, std::chrono::milliseconds g)
      : strand(std::move(s)), child(std::move(c)), grace(g), drain_timer(strand) {}

  asio::strand<asio::any_io_executor> strand;  // the child process object is used on it only
  std::unique_ptr<net::ChildProcess> child;
  std::unique_ptr<LineTransport> line;
  const std::chrono::milliseconds grace;
  asio::steady_timer drain_timer;
  std::atomic<bool> stdout_ended{false};
  std::atomic<bool> stopping{false};
};

// After the child exits its stdout normally ends at once; a grandchild holding it open gets the grace period.
asio::awaitable<void> ChildTransport::watch(std::shared_ptr<State> state) {
  auto exited = co_await state->child->wait();
  if (!exited) co_return;  // cancelled: the io_context is going away
  log_info("MCP upstream process exited", {{"command", state->child->command()},
                                           {"pid", static_cast<std::int64_t>(state->child->pid())},
                                           {"status", exited->describe()}});
  if (!state->stdout_ended) {
    state->drain_timer.expires_after(state->grace);
    co_await state->drain_timer.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  state->line->close();
}

asio::awaitable<void> ChildTransport::stop(std::shared_ptr<State> state) {
  co_await state->child->stop(state->grace);
}

boost::system::result<std::unique_ptr<ChildTransport>, net::ChildError> spawn_child_transport(
    asio::any_io_executor ex, const ChildSpec& spec, Inbound inbound, net::StderrLineHandler on_stderr,
    LineTransportOptions options) {
  auto strand = asio::make_strand(ex);
  auto child = net::ChildProcess::spawn(strand, spec, std::move(on_stderr));
  if (!child) return child.error();
  auto state = std::make_shared<ChildTransport::State>(strand, std::move(*child), spec.stop_grace);
  if (options.name.empty()) options.name = state->child->command();

  // Held weakly: the line transport lives inside the state, so a strong reference would be a cycle.
  std::weak_ptr<ChildTransport::State> weak = state;
  inbound.closed = [weak, closed = std::move(inbound.closed)] {
    if (auto s = weak.lock()) {
      s->stdout_ended = true;
      asio::post(s->strand, [s] { s->drain_timer.cancel(); });
    }
    if (closed) closed();
  };
  // The line transport takes over stdin: its close() drains the queue and then closes it, MCP's first step.
  state->line = LineTransport::start(strand, std::move(state->child->stdout_pipe()),
                                     std::move(state->child->stdin_pipe()), std::move(inbound), std::move(options));
  asio::co_spawn(strand, ChildTransport::watch(state), asio::detached);
  return std::unique_ptr<ChildTransport>(new ChildTransport(std::move(state)));
}

ChildTransport::ChildTransport(std::shared_ptr<State> state) : state_(std::move(state)) {}

ChildTransport::~ChildTransport() { close(); }

bool ChildTransport::send(jsonrpc::Message message, std::optional<jsonrpc::Id> related) {
  return state_->line->send(std::move(message), std::move(related));
}

void ChildTransport::close() {
  state_->line->close();
  if (state_->stopping.exchange(true)) return;
  asio::co_spawn(state_->strand, stop(state_), asio::detached);
}

pid_t ChildTransport::pid() const { return state_->child->pid(); }

}  // namespace toolgate::mcp
