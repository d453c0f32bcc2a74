// Textual IP addresses: IPv4 dotted quads (RFC 2673 section 3.2, no leading zeros) and the IPv6
// forms of RFC 4291 section 2.2 (including "::" and an embedded dotted quad; no zone id, no prefix).
#pragma once

#include <string_view>

namespace toolgate::schemas::format_detail {

bool is_ipv4(std::string_view text);
bool is_ipv6(std::string_view text);

}  // namespace toolgate::schemas::format_detail
