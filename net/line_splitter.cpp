#include "net/line_splitter.hpp"

#include <cassert>

namespace toolgate::net {

namespace {

std::string_view strip_cr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

LineSplitter::LineSplitter(std::size_t max_line_bytes) : max_line_bytes_(max_line_bytes) {
  assert(max_line_bytes_ > 0);
}

void LineSplitter::push(std::string_view bytes) {
  if (discarding_) {
    const auto newline = bytes.find('\n');
    if (newline == std::string_view::npos) return;  // still inside the over-long line
    discarding_ = false;
    bytes.remove_prefix(newline + 1);
  }
  // Returned lines are consumed by now, so the buffer can drop them before it grows.
  if (start_ > 0) {
    buffer_.erase(0, start_);
    start_ = 0;
  }
  buffer_.append(bytes);
}

std::optional<Line> LineSplitter::next() {
  const std::string_view pending = std::string_view(buffer_).substr(start_);
  const auto newline = pending.find('\n', scanned_);
  if (newline != std::string_view::npos && newline <= max_line_bytes_) {
    start_ += newline + 1;
    scanned_ = 0;
    return Line{strip_cr(pending.substr(0, newline)), false};
  }
  if (newline == std::string_view::npos && pending.size() <= max_line_bytes_) {
    scanned_ = pending.size();
    return std::nullopt;
  }
  // Over the cap: hand out the head once and skip to the line's end, now or in later pushes.
  const std::string_view head = pending.substr(0, max_line_bytes_);
  if (newline != std::string_view::npos) {
    start_ += newline + 1;
  } else {
    start_ = buffer_.size();
    discarding_ = true;
  }
  scanned_ = 0;
  return Line{head, true};
}

std::optional<Line> LineSplitter::finish() {
  const std::string_view tail = std::string_view(buffer_).substr(start_);
  start_ = buffer_.size();
  scanned_ = 0;
  if (tail.empty()) return std::nullopt;
  return Line{strip_cr(tail), false};
}

}  // namespace toolgate::net
