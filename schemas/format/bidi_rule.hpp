// The Bidi rule for internationalized domain names (RFC 5893 section 2), with Unicode
// bidirectional classes from ICU.
#pragma once

#include <string_view>

namespace toolgate::schemas::format_detail {

// A label with any R, AL or AN character; one such label makes the whole name a Bidi domain name.
bool is_rtl_label(std::u32string_view label);

// The six conditions every label of a Bidi domain name must meet.
bool satisfies_bidi_rule(std::u32string_view label);

}  // namespace toolgate::schemas::format_detail
