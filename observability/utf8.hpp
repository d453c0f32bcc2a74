// UTF-8 validation and repair for text that leaves the process (log lines, metric labels).
// Client-supplied bytes can be anything; emitted JSON must still be valid UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace toolgate::observability {

// Length of the well-formed UTF-8 sequence starting at text[pos], or 0 when it is ill-formed
// (overlong, surrogate, above U+10FFFF, truncated, stray continuation byte).
std::size_t utf8_sequence_length(std::string_view text, std::size_t pos);

bool is_valid_utf8(std::string_view text);

// Appends `text` to `out`, replacing each ill-formed run (a byte that starts no valid sequence plus
// the continuation bytes after it) with one U+FFFD.
void append_utf8_repaired(std::string& out, std::string_view text);

}  // namespace toolgate::observability
