#include "schemas/format/date_time.hpp"

#include <cstddef>
#include <optional>

namespace toolgate::schemas::format_detail {

namespace {

// Reads exactly `count` ASCII digits at text[pos]; Unicode digits of other scripts never count.
std::optional<int> read_digits(std::string_view text, std::size_t pos, std::size_t count) {
  if (text.size() < pos + count) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

// time-offset = "Z" / time-numoffset; returns the offset in minutes east of UTC.
std::optional<int> parse_offset(std::string_view text) {
  if (text == "Z" || text == "z") return 0;
  if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':') return std::nullopt;
  const auto hour = read_digits(text, 1, 2);
  const auto minute = read_digits(text, 4, 2);
  if (!hour || !minute || *hour > 23 || *minute > 59) return std::nullopt;
  const int minutes = *hour * 60 + *minute;
  return text[0] == '+' ? minutes : -minutes;
}

}  // namespace

bool is_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  const auto year = read_digits(text, 0, 4);
  const auto month = read_digits(text, 5, 2);
  const auto day = read_digits(text, 8, 2);
  if (!year || !month || !day || *month < 1 || *month > 12) return false;
  return *day >= 1 && *day <= days_in_month(*year, *month);
}

// full-time = partial-time time-offset; partial-time = HH ":" MM ":" SS [ "." 1*DIGIT ].
bool is_time(std::string_view text) {
  if (text.size() < 9 || text[2] != ':' || text[5] != ':') return false;
  const auto hour = read_digits(text, 0, 2);
  const auto minute = read_digits(text, 3, 2);
  const auto second = read_digits(text, 6, 2);
  if (!hour || !minute || !second || *hour > 23 || *minute > 59 || *second > 60) return false;
  std::size_t pos = 8;
  if (text[pos] == '.') {
    const std::size_t first_digit = ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == first_digit) return false;
  }
  const auto offset = parse_offset(text.substr(pos));
  if (!offset) return false;
  if (*second == 60) {
    // A leap second is inserted at 23:59:60 UTC, so the local time must map back to that minute.
    constexpr int minutes_per_day = 24 * 60;
    const int utc_minute = ((*hour * 60 + *minute - *offset) % minutes_per_day + minutes_per_day) % minutes_per_day;
    if (utc_minute != minutes_per_day - 1) return false;
  }
  return true;
}

bool is_date_time(std::string_view text) {
  if (text.size() < 11 || (text[10] != 'T' && text[10] != 't')) return false;
  return is_date(text.substr(0, 10)) && is_time(text.substr(11));
}

}  // namespace toolgate::schemas::format_detail
