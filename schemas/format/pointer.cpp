#include "schemas/format/pointer.hpp"

#include <cstddef>

#include "schemas/format/utf8_decode.hpp"

namespace toolgate::schemas::format_detail {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads "0" or a digit run without a leading zero; false when there is none.
bool read_integer(std::string_view text, std::size_t& pos, bool allow_zero) {
  if (pos == text.size() || !is_digit(text[pos])) return false;
  if (text[pos] == '0') {
    ++pos;
    return allow_zero;
  }
  while (pos < text.size() && is_digit(text[pos])) ++pos;
  return true;
}

}  // namespace

bool is_json_pointer(std::string_view text) {
  if (!text.empty() && text.front() != '/') return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '~' && (i + 1 == text.size() || (text[i + 1] != '0' && text[i + 1] != '1'))) return false;
  }
  return decode_utf8_all(text).has_value();
}

bool is_relative_json_pointer(std::string_view text) {
  std::size_t pos = 0;
  if (!read_integer(text, pos, true)) return false;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    ++pos;
    if (!read_integer(text, pos, false)) return false;
  }
  const std::string_view rest = text.substr(pos);
  return rest == "#" || is_json_pointer(rest);
}

}  // namespace toolgate::schemas::format_detail
