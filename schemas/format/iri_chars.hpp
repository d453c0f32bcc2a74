// The non-ASCII code point classes of RFC 3987 section 2.2, shared by the IRI and URI Template
// checkers: ucschar (allowed where unreserved characters go) and iprivate (query only in IRIs).
#pragma once

namespace toolgate::schemas::format_detail {

constexpr bool is_ucschar(char32_t c) {
  if ((c >= 0xA0 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFEF)) return true;
  // Planes 1 to 14, each without its last two code points; plane 14 starts at E1000.
  return c >= 0x10000 && c <= 0xEFFFD && (c & 0xFFFF) <= 0xFFFD && !(c >= 0xE0000 && c < 0xE1000);
}

constexpr bool is_iprivate(char32_t c) {
  return (c >= 0xE000 && c <= 0xF8FF) || (c >= 0xF0000 && c <= 0xFFFFD) || (c >= 0x100000 && c <= 0x10FFFD);
}

}  // namespace toolgate::schemas::format_detail
