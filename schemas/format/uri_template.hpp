// RFC 6570 URI Templates, full level 4 syntax: literals (pct-encoded, ucschar, iprivate) and
// expressions with an optional operator, dotted variable names, prefix (:1-9999) and explode (*).
#pragma once

#include <string_view>

namespace toolgate::schemas::format_detail {

bool is_uri_template(std::string_view text);

}  // namespace toolgate::schemas::format_detail
