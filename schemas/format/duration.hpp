// RFC 3339 Appendix A durations (the ISO 8601 subset): "P" then date elements in Y-M-D order,
// an optional "T" with H-M-S elements, or weeks alone. Integers only, no sign, no fractions.
#pragma once

#include <string_view>

namespace toolgate::schemas::format_detail {

bool is_duration(std::string_view text);

}  // namespace toolgate::schemas::format_detail
