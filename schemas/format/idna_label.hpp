// IDNA2008 label validation (RFC 5891/5892) through GNU libidn2: A-labels are decoded and checked
// as registrable U-labels, U-labels are checked and encoded; both fail on any disallowed content.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace toolgate::schemas::format_detail {

// The U-label behind an A-label ("xn--" in any letter case), or nullopt when the Punycode is
// malformed or not canonical, decodes to pure ASCII, or the decoded label breaks an IDNA2008 rule.
std::optional<std::u32string> decode_a_label(std::string_view a_label);

// The length of the A-label for a U-label (UTF-8), or nullopt when the label breaks an IDNA2008
// rule. `normalize_nfc` accepts labels that are not yet in Normalization Form C.
std::optional<std::size_t> a_label_length(std::string_view u_label, bool normalize_nfc);

}  // namespace toolgate::schemas::format_detail
