// Domain names: `hostname` (RFC 1123 labels, with any "xn--" label a valid IDNA2008 A-label) and
// `idn-hostname` (RFC 5890-5893 U-labels too), both held to 63-octet labels and 253-octet names.
#pragma once

#include <string_view>

namespace toolgate::schemas::format_detail {

struct DomainRules {
  bool unicode_labels = false;    // U-labels allowed beside ASCII labels
  bool ideographic_dots = false;  // U+3002, U+FF0E and U+FF61 separate labels too (RFC 3490 section 3.1)
  bool normalize_nfc = false;     // U-labels may arrive unnormalized (mail domains, RFC 6531)
};

bool is_domain_name(std::string_view text, const DomainRules& rules);

bool is_hostname(std::string_view text);

// Known gaps against RFC 5890-5893: a U-label must already be in NFC (lookup-time mapping such as
// UTS #46 case folding is not applied); code points newer than libidn2's IDNA2008 tables count as
// unassigned and fail; reserved LDH labels other than "xn--" ("ab--cd") pass as plain labels.
bool is_idn_hostname(std::string_view text);

}  // namespace toolgate::schemas::format_detail
