// The recent events of one Streamable HTTP stream, kept for Last-Event-ID replay, and the event ids
// that name a position in a stream ("<stream>-<seq>": unique within a session and naming the stream).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

namespace toolgate::mcp {

struct EventPosition {
  std::uint64_t stream = 0;
  std::uint64_t seq = 0;  // 0 = before the stream's first event
};

std::string event_id(EventPosition position);
// nullopt when `text` is not an id this server made.
std::optional<EventPosition> parse_event_id(std::string_view text);

// A bounded buffer of ready-to-write SSE frames, numbered from 1. Not thread-safe: the owner locks.
class EventLog {
 public:
  EventLog(std::uint64_t stream, std::size_t capacity);

  // Appends one JSON-RPC message as a `message` event carrying its id; returns its seq. The oldest
  // event is dropped once the buffer is full.
  std::uint64_t append(std::string_view json);
  // Appends the frames with seq >= `from` still kept (a gap is skipped) to `out`; returns the seq
  // after the last one, which is where the next collect starts.
  std::uint64_t collect(std::uint64_t from, std::string& out) const;
  // The seq the next event will get.
  std::uint64_t next_seq() const { return next_seq_; }
  std::uint64_t stream() const { return stream_; }

 private:
  struct Event {
    std::uint64_t seq;
    std::string frame;
  };

  std::uint64_t stream_;
  std::size_t capacity_;
  std::uint64_t next_seq_ = 1;
  std::deque<Event> events_;
};

}  // namespace toolgate::mcp
