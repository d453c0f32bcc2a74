// Server-Sent Events decoder and encoders.
// Follows https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation.
#include "net/sse.hpp"

#include <charconv>

namespace toolgate::net {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Calls `fn(line)` for every line of `text`; CR, LF and CRLF all end a line. An empty text is one empty line.
template <typename Fn>
void for_each_line(std::string_view text, Fn&& fn) {
  std::size_t i = 0;
  for (;;) {
    const std::size_t j = text.find_first_of("\r\n", i);
    if (j == std::string_view::npos) {
      fn(text.substr(i));
      return;
    }
    fn(text.substr(i, j - i));
    i = j + 1;
    if (text[j] == '\r' && i < text.size() && text[i] == '\n') {
      ++i;
    }
    if (i == text.size()) {
      return;
    }
  }
}

}  // namespace

SseDecoder::SseDecoder(std::size_t max_event_bytes) : max_event_bytes_(max_event_bytes) {}

bool SseDecoder::feed(std::string_view bytes, std::vector<SseEvent>& out) {
  if (failed_) {
    return false;
  }
  std::string head;  // holds the first bytes while they could still be a split BOM
  if (!bom_checked_) {
    line_.append(bytes);
    if (line_.size() < kBom.size() && kBom.starts_with(line_)) {
      return true;
    }
    bom_checked_ = true;
    head.swap(line_);
    bytes = head;
    if (bytes.starts_with(kBom)) {
      bytes.remove_prefix(kBom.size());
    }
  }

  std::size_t i = 0;
  const std::size_t n = bytes.size();
  if (skip_lf_ && i < n) {
    skip_lf_ = false;
    if (bytes[0] == '\n') {
      i = 1;
    }
  }
  while (i < n) {
    std::size_t j = bytes.find_first_of("\r\n", i);
    if (j == std::string_view::npos) {
      line_.append(bytes.substr(i));
      if (line_.size() + data_.size() > max_event_bytes_) {
        failed_ = true;
        return false;
      }
      break;
    }
    if (line_.empty()) {
      process_line(bytes.substr(i, j - i), out);
    } else {
      line_.append(bytes.substr(i, j - i));
      process_line(line_, out);
      line_.clear();
    }
    if (failed_) {
      return false;
    }
    if (bytes[j] == '\r') {
      if (j + 1 < n) {
        if (bytes[j + 1] == '\n') {
          ++j;
        }
      } else {
        skip_lf_ = true;
      }
    }
    i = j + 1;
  }
  return true;
}

void SseDecoder::process_line(std::string_view line, std::vector<SseEvent>& out) {
  if (line.empty()) {
    dispatch(out);
    return;
  }
  if (line.front() == ':') {
    return;
  }
  std::string_view field = line;
  std::string_view value;
  if (const auto colon = line.find(':'); colon != std::string_view::npos) {
    field = line.substr(0, colon);
    value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') {
      value.remove_prefix(1);
    }
  }
  if (field == "data") {
    if (data_.size() + value.size() + 1 > max_event_bytes_) {
      failed_ = true;
      return;
    }
    data_.append(value);
    data_.push_back('\n');
    has_data_ = true;
  } else if (field == "event") {
    event_.assign(value);
  } else if (field == "id") {
    if (value.find('\0') == std::string_view::npos) {
      last_id_.assign(value);
    }
  } else if (field == "retry") {
    std::uint32_t ms = 0;
    const auto* end = value.data() + value.size();
    const auto [ptr, ec] = std::from_chars(value.data(), end, ms);
    if (!value.empty() && ec == std::errc{} && ptr == end) {
      retry_ = ms;
    }
  }
}

void SseDecoder::dispatch(std::vector<SseEvent>& out) {
  if (has_data_) {
    data_.pop_back();  // the spec drops the newline appended after the last data line
    out.push_back(SseEvent{std::move(event_), std::move(data_), last_id_, retry_});
  }
  data_.clear();
  event_.clear();
  retry_.reset();
  has_data_ = false;
}

std::string sse_data(std::string_view payload) {
  std::string out;
  out.reserve(payload.size() + 8);
  for_each_line(payload, [&](std::string_view line) {
    out.append("data: ");
    out.append(line);
    out.push_back('\n');
  });
  out.push_back('\n');
  return out;
}

std::string sse_event(std::string_view event, std::string_view payload) {
  std::string out = "event: ";
  for (const char c : event) {
    if (c != '\r' && c != '\n') {
      out.push_back(c);
    }
  }
  out.push_back('\n');
  out.append(sse_data(payload));
  return out;
}

std::string sse_comment(std::string_view text) {
  std::string out;
  for_each_line(text, [&](std::string_view line) {
    out.append(": ");
    out.append(line);
    out.push_back('\n');
  });
  out.push_back('\n');
  return out;
}

}  // namespace toolgate::net
