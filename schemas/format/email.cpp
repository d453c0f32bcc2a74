#include "schemas/format/email.hpp"

#include <cstddef>
#include <string_view>

#include "schemas/format/hostname.hpp"
#include "schemas/format/ip_address.hpp"
#include "schemas/format/utf8_decode.hpp"

namespace toolgate::schemas::format_detail {

namespace {

constexpr std::size_t max_local_part_length = 64;

bool is_atext(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

bool is_non_ascii(char c) { return static_cast<unsigned char>(c) >= 0x80; }

// Dot-string = Atom *("." Atom): no leading, trailing or doubled dots.
bool is_dot_string(std::string_view local, bool utf8) {
  if (local.empty() || local.front() == '.' || local.back() == '.') return false;
  char previous = '\0';
  for (char c : local) {
    if (c == '.' ? previous == '.' : !(is_atext(c) || (utf8 && is_non_ascii(c)))) return false;
    previous = c;
  }
  return true;
}

// Quoted-string = DQUOTE *(qtextSMTP / quoted-pairSMTP) DQUOTE.
bool is_quoted_string(std::string_view local, bool utf8) {
  if (local.size() < 2 || local.front() != '"' || local.back() != '"') return false;
  const std::string_view content = local.substr(1, local.size() - 2);
  for (std::size_t i = 0; i < content.size(); ++i) {
    const char c = content[i];
    if (c == '\\') {
      if (++i == content.size() || content[i] < 32 || content[i] > 126) return false;
    } else if (c == '"' || ((c < 32 || c > 126) && !(utf8 && is_non_ascii(c)))) {
      return false;
    }
  }
  return true;
}

// address-literal = "[" ( IPv4-address-literal / IPv6-address-literal ) "]". The general form
// (Standardized-tag ":" ...) is left out: IANA has registered no tag other than "IPv6".
bool is_address_literal(std::string_view domain) {
  if (domain.size() < 2 || domain.front() != '[' || domain.back() != ']') return false;
  const std::string_view address = domain.substr(1, domain.size() - 2);
  constexpr std::string_view ipv6_tag = "IPv6:";
  if (address.size() > ipv6_tag.size()) {
    bool tagged = true;
    for (std::size_t i = 0; i < ipv6_tag.size(); ++i) {
      // ABNF strings are case-insensitive (RFC 5234 section 2.3).
      tagged = tagged && (address[i] | 0x20) == (ipv6_tag[i] | 0x20);
    }
    if (tagged) return is_ipv6(address.substr(ipv6_tag.size()));
  }
  return is_ipv4(address);
}

bool is_mailbox(std::string_view text, bool utf8) {
  if (utf8 && !decode_utf8_all(text)) return false;
  // A quoted local part may itself hold "@", so the domain starts after the last one.
  const std::size_t at = text.rfind('@');
  if (at == std::string_view::npos) return false;
  const std::string_view local = text.substr(0, at);
  const std::string_view domain = text.substr(at + 1);
  if (local.size() > max_local_part_length) return false;
  if (!is_dot_string(local, utf8) && !is_quoted_string(local, utf8)) return false;
  if (is_address_literal(domain)) return true;
  return is_domain_name(domain, DomainRules{.unicode_labels = utf8, .ideographic_dots = false, .normalize_nfc = utf8});
}

}  // namespace

bool is_email(std::string_view text) { return is_mailbox(text, false); }

bool is_idn_email(std::string_view text) { return is_mailbox(text, true); }

}  // namespace toolgate::schemas::format_detail
