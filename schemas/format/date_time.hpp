// RFC 3339 section 5.6 timestamps: full-date, full-time and date-time, with calendar-correct
// day bounds (Feb 29 only in leap years) and leap seconds only where UTC reads 23:59:60.
#pragma once

#include <string_view>

namespace toolgate::schemas::format_detail {

bool is_date(std::string_view text);
bool is_time(std::string_view text);
bool is_date_time(std::string_view text);

}  // namespace toolgate::schemas::format_detail
