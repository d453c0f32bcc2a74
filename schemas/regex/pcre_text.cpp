#include "schemas/regex/pcre_text.hpp"

#include <algorithm>

namespace toolgate::schemas {
namespace {

constexpr char32_t kSurrogateFirst = 0xD800;
constexpr char32_t kSurrogateLast = 0xDFFF;
constexpr char32_t kMaxCodePoint = 0x10FFFF;

void append_hex_escape(std::string& out, char32_t cp) {
  static constexpr char kDigits[] = "0123456789abcdef";
  char buffer[8];
  int n = 0;
  do {
    buffer[n++] = kDigits[cp & 0xF];
    cp >>= 4;
  } while (cp != 0);
  out += "\\x{";
  while (n > 0) out += buffer[--n];
  out += '}';
}

void append_unclipped_range(std::string& out, char32_t lo, char32_t hi) {
  append_hex_escape(out, lo);
  if (hi != lo) {
    out += '-';
    append_hex_escape(out, hi);
  }
}

}  // namespace

const std::vector<CodeRange>& ecma_whitespace() {
  static const std::vector<CodeRange> kRanges = {
      {0x09, 0x0D},     {0x20, 0x20},     {0xA0, 0xA0},     {0x1680, 0x1680},
      {0x2000, 0x200A}, {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F},
      {0x3000, 0x3000}, {0xFEFF, 0xFEFF},
  };
  return kRanges;
}

std::vector<CodeRange> complement(const std::vector<CodeRange>& sorted) {
  std::vector<CodeRange> out;
  char32_t next = 0;
  for (const auto& [lo, hi] : sorted) {
    if (lo > next) out.emplace_back(next, lo - 1);
    next = hi + 1;
  }
  if (next <= kMaxCodePoint) out.emplace_back(next, kMaxCodePoint);
  return out;
}

void append_literal(std::string& out, char32_t cp) {
  const bool alnum =
      (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
  if (alnum) {
    out += static_cast<char>(cp);
  } else if (cp >= kSurrogateFirst && cp <= kSurrogateLast) {
    out += "(?:(?!))";
  } else if (cp > 0x20 && cp < 0x7F) {
    // PCRE2 reads a backslash before any ASCII punctuation as "this character, literally".
    out += '\\';
    out += static_cast<char>(cp);
  } else {
    append_hex_escape(out, cp);
  }
}

void append_class_range(std::string& out, char32_t lo, char32_t hi) {
  if (lo < kSurrogateFirst) {
    append_unclipped_range(out, lo, std::min<char32_t>(hi, kSurrogateFirst - 1));
  }
  if (hi > kSurrogateLast) {
    append_unclipped_range(out, std::max<char32_t>(lo, kSurrogateLast + 1), hi);
  }
}

void append_class_ranges(std::string& out, const std::vector<CodeRange>& ranges) {
  for (const auto& [lo, hi] : ranges) append_class_range(out, lo, hi);
}

std::string class_atom(const std::string& items, bool negated) {
  if (items.empty()) return negated ? "[\\x{0}-\\x{10ffff}]" : "(?:(?!))";
  std::string out = negated ? "[^" : "[";
  out += items;
  out += ']';
  return out;
}

}  // namespace toolgate::schemas
