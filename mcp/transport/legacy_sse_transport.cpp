#include "mcp/transport/legacy_sse_transport.hpp"

#include "mcp/jsonrpc/codec.hpp"
#include "mcp/transport/sse_frames.hpp"

namespace toolgate::mcp {

LegacySseTransport::LegacySseTransport(std::shared_ptr<StreamWaker> waker, std::size_t max_queued)
    : waker_(std::move(waker)), max_queued_(max_queued) {}

bool LegacySseTransport::send(jsonrpc::Message message, std::optional<jsonrpc::Id> /*related*/) {
  std::string frame = message_frame("", jsonrpc::encode(message));
  std::lock_guard lock(mutex_);
  if (closed_) return false;
  if (queue_.size() >= max_queued_) {
    closed_ = true;  // the stream ends and the session with it; the client reconnects
  } else {
    queue_.push_back(std::move(frame));
  }
  waker_->wake();
  return !closed_;
}

void LegacySseTransport::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  waker_->wake();
}

bool LegacySseTransport::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

SsePull LegacySseTransport::pull() {
  std::lock_guard lock(mutex_);
  SsePull out;
  for (auto& frame : queue_) out.data.append(frame);
  queue_.clear();
  out.last = closed_;
  return out;
}

}  // namespace toolgate::mcp
