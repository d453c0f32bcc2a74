// Mail addresses: `email` is an RFC 5321 Mailbox (dot-atom or quoted local part, then a domain
// or an IPv4/IPv6 address literal); `idn-email` is its RFC 6531 extension to UTF-8 and U-labels.
#pragma once

#include <string_view>

namespace toolgate::schemas::format_detail {

bool is_email(std::string_view text);
bool is_idn_email(std::string_view text);

}  // namespace toolgate::schemas::format_detail
