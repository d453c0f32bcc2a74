#include "schemas/format/idna_label.hpp"

#include <cstdint>
#include <cstring>
#include <memory>

#include <idn2.h>

namespace toolgate::schemas::format_detail {

namespace {

struct Idn2Free {
  void operator()(void* pointer) const { idn2_free(pointer); }
};

template <typename T>
using Idn2Ptr = std::unique_ptr<T, Idn2Free>;

}  // namespace

std::optional<std::u32string> decode_a_label(std::string_view a_label) {
  // DNS names compare case-insensitively (RFC 4343); lower case keeps libidn2's round-trip
  // comparison, and the decoded basic code points, independent of how the label was written.
  std::string lowered(a_label);
  for (char& c : lowered) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  uint8_t* checked = nullptr;
  if (idn2_register_u8(nullptr, reinterpret_cast<const uint8_t*>(lowered.c_str()), &checked, 0) != IDN2_OK) {
    return std::nullopt;
  }
  const Idn2Ptr<uint8_t> checked_owner(checked);
  uint32_t* decoded = nullptr;
  if (idn2_to_unicode_8z4z(lowered.c_str(), &decoded, 0) != IDN2_OK) return std::nullopt;
  const Idn2Ptr<uint32_t> decoded_owner(decoded);
  std::u32string label;
  for (const uint32_t* p = decoded; *p != 0; ++p) label.push_back(static_cast<char32_t>(*p));
  return label;
}

std::optional<std::size_t> a_label_length(std::string_view u_label, bool normalize_nfc) {
  const std::string terminated(u_label);
  uint8_t* a_label = nullptr;
  const int flags = normalize_nfc ? IDN2_NFC_INPUT : 0;
  if (idn2_register_u8(reinterpret_cast<const uint8_t*>(terminated.c_str()), nullptr, &a_label, flags) != IDN2_OK) {
    return std::nullopt;
  }
  const Idn2Ptr<uint8_t> owner(a_label);
  return std::strlen(reinterpret_cast<const char*>(a_label));
}

}  // namespace toolgate::schemas::format_detail
