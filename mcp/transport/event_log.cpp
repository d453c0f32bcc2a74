#include "mcp/transport/event_log.hpp"

#include <charconv>

#include "mcp/transport/sse_frames.hpp"

namespace toolgate::mcp {

namespace {

std::optional<std::uint64_t> parse_number(std::string_view text) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc{} || ptr != end) return std::nullopt;
  return value;
}

}  // namespace

std::string event_id(EventPosition position) {
  return std::to_string(position.stream) + "-" + std::to_string(position.seq);
}

std::optional<EventPosition> parse_event_id(std::string_view text) {
  const auto dash = text.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto stream = parse_number(text.substr(0, dash));
  auto seq = parse_number(text.substr(dash + 1));
  if (!stream || !seq) return std::nullopt;
  return EventPosition{*stream, *seq};
}

EventLog::EventLog(std::uint64_t stream, std::size_t capacity)
    : stream_(stream), capacity_(capacity == 0 ? 1 : capacity) {}

std::uint64_t EventLog::append(std::string_view json) {
  const std::uint64_t seq = next_seq_++;
  events_.push_back(Event{seq, message_frame(event_id(EventPosition{stream_, seq}), json)});
  while (events_.size() > capacity_) events_.pop_front();
  return seq;
}

std::uint64_t EventLog::collect(std::uint64_t from, std::string& out) const {
  if (events_.empty() || from >= next_seq_) return next_seq_;  // nothing new (or a claim past the end)
  // Seqs are consecutive, so the first wanted event sits at a computable index.
  const std::uint64_t first = events_.front().seq;
  const std::size_t start = from <= first ? 0 : static_cast<std::size_t>(from - first);
  for (std::size_t i = start; i < events_.size(); ++i) out.append(events_[i].frame);
  return next_seq_;
}

}  // namespace toolgate::mcp
