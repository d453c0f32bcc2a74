#include "schemas/format/uri_template.hpp"

#include <cstddef>

#include "schemas/format/iri_chars.hpp"
#include "schemas/format/utf8_decode.hpp"

namespace toolgate::schemas::format_detail {

namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex_digit(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool is_pct_encoded(std::string_view text, std::size_t pos) {
  return pos + 2 < text.size() && text[pos] == '%' && is_hex_digit(text[pos + 1]) && is_hex_digit(text[pos + 2]);
}

// ASCII literals: anything but CTL, SP, DQUOTE, "%", "<", ">", "\", "^", "`", "{", "|", "}".
// RFC 6570 also lists "'", but it is an RFC 3986 sub-delim that any URI may carry, and the
// JSON Schema suite expects it accepted.
bool is_ascii_literal(char c) {
  return c > 0x20 && c < 0x7F && std::string_view("\"%<>\\^`{|}").find(c) == std::string_view::npos;
}

// varname = varchar *( ["."] varchar ); varchar = ALPHA / DIGIT / "_" / pct-encoded.
bool read_varname(std::string_view text, std::size_t& pos) {
  bool need_varchar = true;
  while (pos < text.size()) {
    if (is_alpha(text[pos]) || is_digit(text[pos]) || text[pos] == '_') {
      ++pos;
    } else if (is_pct_encoded(text, pos)) {
      pos += 3;
    } else if (text[pos] == '.' && !need_varchar) {
      ++pos;
      need_varchar = true;
      continue;
    } else {
      break;
    }
    need_varchar = false;
  }
  return !need_varchar;
}

// modifier-level4 = prefix / explode; prefix = ":" max-length; max-length = %x31-39 0*3DIGIT.
bool read_modifier(std::string_view text, std::size_t& pos) {
  if (pos < text.size() && text[pos] == '*') {
    ++pos;
  } else if (pos < text.size() && text[pos] == ':') {
    const std::size_t first_digit = ++pos;
    if (pos == text.size() || text[pos] < '1' || text[pos] > '9') return false;
    while (pos < text.size() && is_digit(text[pos])) ++pos;
    if (pos - first_digit > 4) return false;
  }
  return true;
}

// expression = "{" [ operator ] variable-list "}", with `pos` just past the "{". The operators
// RFC 6570 reserves for future extensions ("=,!@|") are part of its grammar, so they pass.
bool read_expression(std::string_view text, std::size_t& pos) {
  if (pos < text.size() && std::string_view("+#./;?&=,!@|").find(text[pos]) != std::string_view::npos) ++pos;
  while (true) {
    if (!read_varname(text, pos) || !read_modifier(text, pos)) return false;
    if (pos == text.size()) return false;
    if (text[pos] == '}') {
      ++pos;
      return true;
    }
    if (text[pos] != ',') return false;
    ++pos;
  }
}

}  // namespace

bool is_uri_template(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const char c = text[pos];
    if (c == '{') {
      ++pos;
      if (!read_expression(text, pos)) return false;
    } else if (c == '%') {
      if (!is_pct_encoded(text, pos)) return false;
      pos += 3;
    } else if (static_cast<unsigned char>(c) < 0x80) {
      if (!is_ascii_literal(c)) return false;
      ++pos;
    } else {
      const auto code_point = decode_utf8(text, pos);
      // RFC 6570 section 2.1 admits both RFC 3987 classes in literals.
      if (!code_point || !(is_ucschar(*code_point) || is_iprivate(*code_point))) return false;
    }
  }
  return true;
}

}  // namespace toolgate::schemas::format_detail
