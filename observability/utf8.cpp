#include "observability/utf8.hpp"

namespace toolgate::observability {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

bool is_continuation(unsigned char c) { return (c & 0xC0U) == 0x80U; }

}  // namespace

std::size_t utf8_sequence_length(std::string_view text, std::size_t pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[pos + i]); };
  const std::size_t left = text.size() - pos;
  const unsigned char lead = byte(0);
  if (lead < 0x80U) return 1;
  // Second-byte ranges per Unicode Table 3-7; they exclude overlongs, surrogates and > U+10FFFF.
  unsigned char lo = 0x80U;
  unsigned char hi = 0xBFU;
  std::size_t length = 0;
  if (lead >= 0xC2U && lead <= 0xDFU) {
    length = 2;
  } else if (lead >= 0xE0U && lead <= 0xEFU) {
    length = 3;
    if (lead == 0xE0U) lo = 0xA0U;
    if (lead == 0xEDU) hi = 0x9FU;
  } else if (lead >= 0xF0U && lead <= 0xF4U) {
    length = 4;
    if (lead == 0xF0U) lo = 0x90U;
    if (lead == 0xF4U) hi = 0x8FU;
  } else {
    return 0;
  }
  if (left < length) return 0;
  if (byte(1) < lo || byte(1) > hi) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if (!is_continuation(byte(i))) return 0;
  }
  return length;
}

bool is_valid_utf8(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t n = utf8_sequence_length(text, pos);
    if (n == 0) return false;
    pos += n;
  }
  return true;
}

void append_utf8_repaired(std::string& out, std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t n = utf8_sequence_length(text, pos);
    if (n != 0) {
      out.append(text.substr(pos, n));
      pos += n;
      continue;
    }
    // Skip the lead byte plus any continuation bytes that followed it, so one broken character
    // becomes one replacement rather than several.
    ++pos;
    while (pos < text.size() && is_continuation(static_cast<unsigned char>(text[pos]))) ++pos;
    out.append(kReplacement);
  }
}

}  // namespace toolgate::observability
