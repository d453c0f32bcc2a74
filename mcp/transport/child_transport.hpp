// An upstream MCP server run as a child process: stdio framing over its stdin and stdout, its stderr lines
// to a callback, its exit reported as the end of the connection, and close() as MCP's stop sequence.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include <sys/types.h>

#include <memory>
#include <optional>

#include "mcp/jsonrpc/message.hpp"
#include "mcp/session/inbound.hpp"
#include "mcp/session/transport.hpp"
#include "mcp/transport/line_transport.hpp"
#include "net/child_process.hpp"

namespace toolgate::mcp {

using ChildSpec = net::ChildSpec;

class ChildTransport final : public Transport {
 public:
  // Closes, like close(); the stop sequence finishes in the background (or at the io_context's end, where
  // the child is killed and reaped).
  ~ChildTransport() override;
  ChildTransport(const ChildTransport&) = delete;
  ChildTransport& operator=(const ChildTransport&) = delete;

  bool send(jsonrpc::Message message, std::optional<jsonrpc::Id> related) override;
  // Drains queued messages and closes the child's stdin, then after stop_grace SIGTERM, after another
  // stop_grace SIGKILL (each to the child's process group), and reaps it. Idempotent.
  void close() override;

  pid_t pid() const;

 private:
  struct State;
  friend boost::system::result<std::unique_ptr<ChildTransport>, net::ChildError> spawn_child_transport(
      boost::asio::any_io_executor, const ChildSpec&, Inbound, net::StderrLineHandler, LineTransportOptions);
  explicit ChildTransport(std::shared_ptr<State> state);
  static boost::asio::awaitable<void> watch(std::shared_ptr<State> state);
  static boost::asio::awaitable<void> stop(std::shared_ptr<State> state);

  std::shared_ptr<State> state_;  // shared with the coroutines that watch and stop the child
};

// Starts the child and the transport over its pipes. inbound.closed() runs once, when the child's stdout
// ends: at its exit, or stop_grace after it when a grandchild still holds stdout open. A command that
// cannot start is an error naming it. `on_stderr` gets the child's stderr lines (MCP: logs, not errors).
boost::system::result<std::unique_ptr<ChildTransport>, net::ChildError> spawn_child_transport(
    boost::asio::any_io_executor ex, const ChildSpec& spec, Inbound inbound, net::StderrLineHandler on_stderr = {},
    LineTransportOptions options = {});

}  // namespace toolgate::mcp
