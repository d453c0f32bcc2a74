#include "schemas/regex/utf8.hpp"

namespace toolgate::schemas {
namespace {

// Length of the sequence a lead byte starts, and the smallest code point that length may encode.
struct Lead {
  std::size_t length;
  char32_t min;
  char32_t bits;
};

bool lead_of(unsigned char byte, Lead& lead) {
  if (byte < 0x80) lead = {1, 0, byte};
  else if ((byte & 0xE0) == 0xC0) lead = {2, 0x80, static_cast<char32_t>(byte & 0x1F)};
  else if ((byte & 0xF0) == 0xE0) lead = {3, 0x800, static_cast<char32_t>(byte & 0x0F)};
  else if ((byte & 0xF8) == 0xF0) lead = {4, 0x10000, static_cast<char32_t>(byte & 0x07)};
  else return false;
  return true;
}

}  // namespace

boost::system::result<DecodedText, std::string> decode_utf8(std::string_view text) {
  DecodedText out;
  out.cps.reserve(text.size());
  out.offsets.reserve(text.size() + 1);
  std::size_t i = 0;
  while (i < text.size()) {
    Lead lead{};
    const bool valid_lead = lead_of(static_cast<unsigned char>(text[i]), lead);
    bool valid = valid_lead && i + lead.length <= text.size();
    char32_t cp = lead.bits;
    for (std::size_t k = 1; valid && k < lead.length; ++k) {
      const auto byte = static_cast<unsigned char>(text[i + k]);
      valid = (byte & 0xC0) == 0x80;
      cp = (cp << 6) | (byte & 0x3F);
    }
    valid = valid && cp >= lead.min && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    if (!valid) return "invalid UTF-8 at offset " + std::to_string(i);
    out.cps.push_back(cp);
    out.offsets.push_back(i);
    i += lead.length;
  }
  out.offsets.push_back(text.size());
  return out;
}

std::string encode_utf8(std::u32string_view cps) {
  std::string out;
  for (const char32_t cp : cps) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

}  // namespace toolgate::schemas
