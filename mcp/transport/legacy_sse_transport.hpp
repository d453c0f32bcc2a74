// The Transport of one legacy HTTP+SSE session (2024-11-05): every outgoing message, whatever it
// relates to, queues for the session's one GET stream as a `message` event. Thread-safe.
#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "mcp/session/transport.hpp"
#include "mcp/transport/sse_pump.hpp"
#include "mcp/transport/stream_waker.hpp"

namespace toolgate::mcp {

class LegacySseTransport final : public Transport {
 public:
  // `waker` belongs to the GET stream's writer. A client that lets more than `max_queued` messages pile
  // up is not reading its stream; the transport then closes rather than buffer without bound.
  LegacySseTransport(std::shared_ptr<StreamWaker> waker, std::size_t max_queued);

  bool send(jsonrpc::Message message, std::optional<jsonrpc::Id> related) override;
  void close() override;
  bool closed() const;

  // Everything queued, as frames; `last` once the transport is closed.
  SsePull pull();

 private:
  const std::shared_ptr<StreamWaker> waker_;
  const std::size_t max_queued_;
  mutable std::mutex mutex_;  // guards the fields below
  std::deque<std::string> queue_;
  bool closed_ = false;
};

}  // namespace toolgate::mcp
