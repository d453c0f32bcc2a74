// A hand-written RFC 3986 grammar rather than Boost.URL: Boost.URL 1.81 accepts "http://h:abc/",
// "//a@b@c/" and "http://[::1]x/", and rejects the upper-case IPvFuture "http://[V1.fe]".
#include "schemas/format/uri.hpp"

#include <cstddef>

#include "schemas/format/ip_address.hpp"
#include "schemas/format/iri_chars.hpp"
#include "schemas/format/utf8_decode.hpp"

namespace toolgate::schemas::format_detail {

namespace {

enum class Chars { uri, iri };

bool is_alpha(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }
bool is_hex_digit(char32_t c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool is_unreserved_ascii(char32_t c) {
  return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

bool is_sub_delim(char32_t c) {
  return c < 0x80 && std::string_view("!$&'()*+,;=").find(static_cast<char>(c)) != std::string_view::npos;
}

bool is_unreserved(char32_t c, Chars chars) { return is_unreserved_ascii(c) || (chars == Chars::iri && is_ucschar(c)); }

// Walks a component, accepting pct-encoded triplets, unreserved characters and any of `extra`.
// `private_use` also admits iprivate (RFC 3987 allows it in the query only).
bool is_component(std::string_view text, Chars chars, std::string_view extra, bool private_use = false) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (text[pos] == '%') {
      if (pos + 2 >= text.size() || !is_hex_digit(static_cast<unsigned char>(text[pos + 1])) ||
          !is_hex_digit(static_cast<unsigned char>(text[pos + 2]))) {
        return false;
      }
      pos += 3;
      continue;
    }
    const auto c = decode_utf8(text, pos);
    if (!c) return false;
    const bool ok = is_unreserved(*c, chars) || is_sub_delim(*c) ||
                    (*c < 0x80 && extra.find(static_cast<char>(*c)) != std::string_view::npos) ||
                    (private_use && chars == Chars::iri && is_iprivate(*c));
    if (!ok) return false;
  }
  return true;
}

bool is_scheme(std::string_view text) {
  if (text.empty() || !is_alpha(static_cast<unsigned char>(text[0]))) return false;
  for (char c : text) {
    if (!is_alpha(static_cast<unsigned char>(c)) && !is_digit(static_cast<unsigned char>(c)) && c != '+' &&
        c != '-' && c != '.') {
      return false;
    }
  }
  return true;
}

// IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" ); ABNF makes the "v" case-insensitive.
bool is_ipvfuture(std::string_view text) {
  if (text.size() < 4 || (text[0] != 'v' && text[0] != 'V')) return false;
  const std::size_t dot = text.find('.');
  if (dot == std::string_view::npos || dot < 2 || dot + 1 == text.size()) return false;
  for (std::size_t i = 1; i < dot; ++i) {
    if (!is_hex_digit(static_cast<unsigned char>(text[i]))) return false;
  }
  for (std::size_t i = dot + 1; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (!is_unreserved_ascii(c) && !is_sub_delim(c) && c != ':') return false;
  }
  return true;
}

bool is_port(std::string_view text) {
  for (char c : text) {
    if (!is_digit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// authority = [ userinfo "@" ] host [ ":" port ]; host = IP-literal / IPv4address / reg-name.
// An IPv4address is also a reg-name, so "999.1.1.1" passes as a name, as RFC 3986 intends.
bool is_authority(std::string_view text, Chars chars) {
  const std::size_t at = text.find('@');
  if (at != std::string_view::npos) {
    if (!is_component(text.substr(0, at), chars, ":")) return false;
    text.remove_prefix(at + 1);
  }
  std::string_view rest;
  if (!text.empty() && text.front() == '[') {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos) return false;
    const std::string_view literal = text.substr(1, close - 1);
    if (!is_ipv6(literal) && !is_ipvfuture(literal)) return false;
    rest = text.substr(close + 1);
  } else {
    const std::size_t colon = text.find(':');
    if (!is_component(text.substr(0, colon), chars, "")) return false;
    rest = colon == std::string_view::npos ? std::string_view() : text.substr(colon);
  }
  return rest.empty() || (rest.front() == ':' && is_port(rest.substr(1)));
}

bool is_reference(std::string_view text, Chars chars, bool scheme_required) {
  const std::size_t fragment_start = text.find('#');
  if (fragment_start != std::string_view::npos) {
    if (!is_component(text.substr(fragment_start + 1), chars, ":@/?")) return false;
    text = text.substr(0, fragment_start);
  }
  const std::size_t query_start = text.find('?');
  if (query_start != std::string_view::npos) {
    if (!is_component(text.substr(query_start + 1), chars, ":@/?", true)) return false;
    text = text.substr(0, query_start);
  }
  // A scheme is whatever precedes a colon that comes before any "/"; without a valid one the text
  // is a relative reference, whose first path segment may not contain a colon (path-noscheme).
  const std::size_t colon = text.find(':');
  if (colon != std::string_view::npos && colon < text.find('/')) {
    if (!is_scheme(text.substr(0, colon))) return false;
    text.remove_prefix(colon + 1);
  } else if (scheme_required) {
    return false;
  }
  if (text.substr(0, 2) == "//") {
    const std::size_t path_start = text.find('/', 2);
    if (!is_authority(text.substr(2, path_start == std::string_view::npos ? text.npos : path_start - 2), chars)) {
      return false;
    }
    text = path_start == std::string_view::npos ? std::string_view() : text.substr(path_start);
  }
  return is_component(text, chars, ":@/");
}

}  // namespace

bool is_uri(std::string_view text) { return is_reference(text, Chars::uri, true); }
bool is_uri_reference(std::string_view text) { return is_reference(text, Chars::uri, false); }
bool is_iri(std::string_view text) { return is_reference(text, Chars::iri, true); }
bool is_iri_reference(std::string_view text) { return is_reference(text, Chars::iri, false); }

}  // namespace toolgate::schemas::format_detail
