// Server-Sent Events: an incremental decoder (WHATWG event-stream rules) and the wire encoders.
// Pure code with no Asio, so both directions are tested without sockets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace toolgate::net {

struct SseEvent {
  std::string event;  // empty when the stream named none (the WHATWG default type "message")
  std::string data;   // data lines joined with '\n', without the final newline
  std::string id;     // the last event id seen on the stream so far
  std::optional<std::uint32_t> retry;  // a retry field inside this event's block
};

class SseDecoder {
 public:
  explicit SseDecoder(std::size_t max_event_bytes = 16 * 1024 * 1024);

  // Appends every event completed by `bytes` to `out`. Returns false once an event (its pending line plus
  // its data) exceeds the limit; the decoder then stays failed, because the stream can no longer be framed.
  bool feed(std::string_view bytes, std::vector<SseEvent>& out);

 private:
  void process_line(std::string_view line, std::vector<SseEvent>& out);
  void dispatch(std::vector<SseEvent>& out);

  std::size_t max_event_bytes_;
  std::string line_;        // the incomplete line carried over between feeds
  std::string data_;        // data buffer of the event being built
  std::string event_;       // event type buffer
  std::string last_id_;     // persists across events, as the spec requires
  std::optional<std::uint32_t> retry_;
  bool has_data_ = false;
  bool skip_lf_ = false;    // the previous chunk ended in CR, so a leading LF belongs to that line end
  bool bom_checked_ = false;
  bool failed_ = false;
};

// "data: <line>\n" for every line of `payload` (CR, LF and CRLF all split), then the blank line.
std::string sse_data(std::string_view payload);
// "event: <event>\n" followed by sse_data(payload); line breaks inside `event` are dropped.
std::string sse_event(std::string_view event, std::string_view payload);
// ": <line>\n" for every line of `text`, then the blank line; clients ignore it (used for heartbeats).
std::string sse_comment(std::string_view text);

}  // namespace toolgate::net
