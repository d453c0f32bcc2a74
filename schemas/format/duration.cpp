#include "schemas/format/duration.hpp"

#include <cstddef>
#include <string>

namespace toolgate::schemas::format_detail {

namespace {

// ABNF quoted strings are case-insensitive (RFC 5234 section 2.3), so "p1d" is as valid as "P1D".
char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads `1*DIGIT unit` pairs until the end or `stop`, collecting the units in order.
bool read_elements(std::string_view text, std::size_t& pos, char stop, std::string& units) {
  while (pos < text.size() && upper(text[pos]) != stop) {
    const std::size_t first_digit = pos;
    while (pos < text.size() && is_digit(text[pos])) ++pos;
    if (pos == first_digit || pos == text.size()) return false;
    units.push_back(upper(text[pos++]));
  }
  return true;
}

// The grammar nests each element inside the previous one (dur-year = 1*DIGIT "Y" [dur-month]),
// so the units present must be a non-empty run of consecutive letters from the full sequence.
bool is_consecutive_run(std::string_view units, std::string_view sequence) {
  return !units.empty() && sequence.find(units) != std::string_view::npos;
}

}  // namespace

bool is_duration(std::string_view text) {
  if (text.empty() || upper(text[0]) != 'P') return false;
  std::size_t pos = 1;
  std::string date_units;
  if (!read_elements(text, pos, 'T', date_units)) return false;
  const bool has_time = pos < text.size();
  std::string time_units;
  if (has_time) {
    ++pos;
    // A second "T" stops the reading early and is rejected as left over.
    if (!read_elements(text, pos, 'T', time_units) || pos != text.size()) return false;
    if (!is_consecutive_run(time_units, "HMS")) return false;
  }
  if (date_units == "W") return !has_time;
  if (date_units.empty()) return has_time;
  return is_consecutive_run(date_units, "YMD");
}

}  // namespace toolgate::schemas::format_detail
