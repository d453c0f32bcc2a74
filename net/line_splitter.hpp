// Splits a byte stream into '\n'-terminated lines (a trailing '\r' dropped) with a cap on line length,
// so a peer that never sends a newline costs bounded memory. Pure: the caller feeds the bytes it read.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace toolgate::net {

struct Line {
  std::string_view text;  // without the terminator; for an over-long line, its first max_line_bytes bytes
  bool overlong = false;  // the line passed the cap; the rest of it up to its newline is discarded unseen
};

class LineSplitter {
 public:
  explicit LineSplitter(std::size_t max_line_bytes);

  // Adds bytes read from the stream. Invalidates the text of lines returned before.
  void push(std::string_view bytes);
  // The next complete line, or nullopt until more bytes arrive. Its text stays valid until the next push().
  std::optional<Line> next();
  // At end of stream, once next() has returned nullopt: the unterminated last line, when there is one
  // (it is no longer than the cap, or next() would have returned it as over-long).
  std::optional<Line> finish();

 private:
  std::size_t max_line_bytes_;
  std::string buffer_;
  std::size_t start_ = 0;      // first byte not yet returned
  std::size_t scanned_ = 0;    // bytes from start_ known to hold no '\n'
  bool discarding_ = false;    // inside an over-long line, dropping bytes up to its newline
};

}  // namespace toolgate::net
