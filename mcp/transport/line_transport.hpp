// MCP's stdio framing over a readable and a writable descriptor: one JSON-RPC message per line, read into
// an Inbound, written from a bounded queue. Serves `toolgate stdio` (fds 0/1) and child-process upstreams.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "mcp/jsonrpc/message.hpp"
#include "mcp/session/inbound.hpp"
#include "mcp/session/transport.hpp"

namespace toolgate::mcp {

struct LineTransportOptions {
  std::size_t max_line_bytes = 16 * 1024 * 1024;    // a longer inbound line is refused and skipped
  std::size_t max_queued_bytes = 64 * 1024 * 1024;  // unwritten outbound bytes before the transport gives up
  std::chrono::milliseconds flush_timeout{2000};     // how long close() lets queued messages drain
  std::string name;                                  // names the connection in logs ("stdio", a command)
};

class LineTransport final : public Transport {
 public:
  // Starts reading at once. Descriptors may be pipes, sockets, terminals, regular files or /dev/null (Asio
  // reads and writes the last two directly, as epoll refuses them). Everything runs on a strand of `ex`.
  // Inbound: deliver() gets each well-formed message, in order; malformed lines are answered here with
  // the decoder's error responses; closed() runs exactly once, when reading stops (EOF, read error,
  // close(), or the transport failing). The callbacks run on the strand, must not throw, and may call send()
  // or close(). SIGPIPE is set to ignored process-wide, so a vanished reader is an EPIPE, not our death.
  static std::unique_ptr<LineTransport> start(boost::asio::any_io_executor ex,
                                              boost::asio::posix::stream_descriptor input,
                                              boost::asio::posix::stream_descriptor output, Inbound inbound,
                                              LineTransportOptions options = {});
  // Closes, like close(); the queued messages still drain in the background.
  ~LineTransport() override;
  LineTransport(const LineTransport&) = delete;
  LineTransport& operator=(const LineTransport&) = delete;

  // Encodes, frames and queues the message. `related` is ignored: a line stream has one channel. False once
  // closed, and when this message would push the unwritten bytes past max_queued_bytes, which closes the
  // transport: a peer that stopped reading must not grow our memory.
  bool send(jsonrpc::Message message, std::optional<jsonrpc::Id> related) override;
  // Stops reading at once; queued messages drain for up to flush_timeout, then the output closes.
  void close() override;

  // Why the transport closed itself (full queue, failed write), when it did.
  std::optional<std::string> failure() const;

 private:
  struct State;
  explicit LineTransport(std::shared_ptr<State> state);

  std::shared_ptr<State> state_;  // shared with the reader and writer coroutines, which outlive close()
};

}  // namespace toolgate::mcp
