#include "schemas/regex/ecma_escapes.hpp"

#include <cstdint>

#include "schemas/regex/group_names.hpp"
#include "schemas/regex/unicode_properties.hpp"

namespace toolgate::schemas {
namespace {

int hex_value(char32_t c) {
  if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<int>(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return static_cast<int>(c - 'A' + 10);
  return -1;
}

bool is_syntax_character(char32_t c) {
  switch (c) {
    case '^': case '$': case '\\': case '.': case '*': case '+': case '?':
    case '(': case ')': case '[': case ']': case '{': case '}': case '|':
      return true;
    default:
      return false;
  }
}

bool read_four_hex(PatternCursor& cursor, char32_t& cp) {
  cp = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    if (hex_value(cursor.peek(i)) < 0) return false;
  }
  for (std::size_t i = 0; i < 4; ++i) {
    cp = cp * 16 + static_cast<char32_t>(hex_value(cursor.peek(i)));
  }
  cursor.pos += 4;
  return true;
}

}  // namespace

bool read_character_escape(PatternCursor& cursor, char32_t& cp, bool in_class, std::size_t start) {
  const char32_t c = cursor.peek();
  ++cursor.pos;
  switch (c) {
    case 'f': cp = 0x0C; return true;
    case 'n': cp = 0x0A; return true;
    case 'r': cp = 0x0D; return true;
    case 't': cp = 0x09; return true;
    case 'v': cp = 0x0B; return true;
    case 'c': {
      const char32_t letter = cursor.peek();
      if (!((letter >= 'a' && letter <= 'z') || (letter >= 'A' && letter <= 'Z'))) {
        return cursor.fail("invalid control escape", start);
      }
      ++cursor.pos;
      cp = letter % 32;
      return true;
    }
    case '0':
      if (cursor.peek() >= '0' && cursor.peek() <= '9') {
        return cursor.fail("invalid decimal escape", start);
      }
      cp = 0;
      return true;
    case 'x': {
      const int hi = hex_value(cursor.peek());
      const int lo = hex_value(cursor.peek(1));
      if (hi < 0 || lo < 0) return cursor.fail("invalid \\x escape", start);
      cursor.pos += 2;
      cp = static_cast<char32_t>(hi * 16 + lo);
      return true;
    }
    case 'u':
      return read_unicode_escape(cursor, cp);
    default:
      // With the u flag only syntax characters, '/' and (in a class) '-' may be escaped, so a
      // typo such as \a or \_ is an error rather than a silent literal.
      if (is_syntax_character(c) || c == '/' || (in_class && c == '-')) {
        cp = c;
        return true;
      }
      return cursor.fail("invalid escape", start);
  }
}

bool read_unicode_escape(PatternCursor& cursor, char32_t& cp) {
  const std::size_t start = cursor.pos - 2;
  if (cursor.peek() == '{') {
    ++cursor.pos;
    std::uint32_t value = 0;
    std::size_t digits = 0;
    for (; hex_value(cursor.peek()) >= 0; ++cursor.pos, ++digits) {
      value = value * 16 + static_cast<std::uint32_t>(hex_value(cursor.peek()));
      if (value > 0x10FFFF) return cursor.fail("\\u{...} code point above 10FFFF", start);
    }
    if (digits == 0 || cursor.peek() != '}') return cursor.fail("invalid \\u{...} escape", start);
    ++cursor.pos;
    cp = value;
    return true;
  }
  if (!read_four_hex(cursor, cp)) return cursor.fail("invalid \\u escape", start);
  // A lead surrogate followed by an escaped trail surrogate is one astral code point.
  if (cp >= 0xD800 && cp <= 0xDBFF && cursor.peek() == '\\' && cursor.peek(1) == 'u') {
    const std::size_t lead_end = cursor.pos;
    cursor.pos += 2;
    char32_t trail = 0;
    if (read_four_hex(cursor, trail) && trail >= 0xDC00 && trail <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (trail - 0xDC00);
    } else {
      cursor.pos = lead_end;
    }
  }
  return true;
}

bool read_group_name(PatternCursor& cursor, std::string& name) {
  const std::size_t start = cursor.pos;
  std::u32string cps;
  while (!cursor.at_end() && cursor.peek() != '>') {
    char32_t c = cursor.peek();
    ++cursor.pos;
    if (c == '\\') {
      if (cursor.peek() != 'u') return cursor.fail("invalid escape in group name", cursor.pos - 1);
      ++cursor.pos;
      if (!read_unicode_escape(cursor, c)) return false;
    }
    cps.push_back(c);
  }
  if (cursor.at_end()) return cursor.fail("unterminated group name", start);
  ++cursor.pos;
  if (!is_identifier_name(cps)) return cursor.fail("invalid group name", start);
  name = encode_utf8(cps);
  return true;
}

bool read_property_escape(PatternCursor& cursor, std::string& pcre, std::string& unsupported) {
  const std::size_t start = cursor.pos - 1;
  const bool negated = cursor.peek() == 'P';
  ++cursor.pos;
  if (cursor.peek() != '{') return cursor.fail("invalid property escape", start);
  ++cursor.pos;
  std::string body;
  for (; !cursor.at_end() && cursor.peek() != '}'; ++cursor.pos) {
    if (cursor.peek() > 0x7F) return cursor.fail("invalid Unicode property name", start);
    body += static_cast<char>(cursor.peek());
  }
  if (cursor.at_end()) return cursor.fail("unterminated property escape", start);
  ++cursor.pos;
  PropertyEscape property = translate_property_escape(body, negated);
  switch (property.status) {
    case PropertyEscape::Status::invalid:
      return cursor.fail("invalid Unicode property name", start);
    case PropertyEscape::Status::unsupported:
      // Still valid ECMA-262 (is_valid_ecma_regex accepts it); only compiling refuses it.
      unsupported = "Unicode property \\p{" + body + "}" + cursor.where(start);
      pcre = "\\p{Any}";
      return true;
    case PropertyEscape::Status::ok:
      pcre = std::move(property.pcre);
      return true;
  }
  return true;
}

}  // namespace toolgate::schemas
