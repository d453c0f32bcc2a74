// UUIDs in the RFC 4122 section 3 string form: 8-4-4-4-12 hexadecimal digits in either case.
// Version and variant nibbles are not restricted, so later and future versions pass.
#pragma once

#include <string_view>

namespace toolgate::schemas::format_detail {

bool is_uuid(std::string_view text);

}  // namespace toolgate::schemas::format_detail
