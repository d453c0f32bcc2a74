#include "schemas/format/hostname.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "schemas/format/bidi_rule.hpp"
#include "schemas/format/idna_label.hpp"
#include "schemas/format/utf8_decode.hpp"

namespace toolgate::schemas::format_detail {

namespace {

constexpr std::size_t max_label_length = 63;
constexpr std::size_t max_name_length = 253;

struct Label {
  std::u32string code_points;  // what the Bidi rule reads
  std::size_t ascii_length;    // octets in the DNS (A-label) form
};

bool is_letter_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

bool is_ldh_label(std::string_view label) {
  if (label.empty() || label.size() > max_label_length) return false;
  if (!is_letter_or_digit(label.front()) || !is_letter_or_digit(label.back())) return false;
  for (char c : label) {
    if (!is_letter_or_digit(c) && c != '-') return false;
  }
  return true;
}

bool has_ace_prefix(std::string_view label) {
  return label.size() >= 4 && (label[0] == 'x' || label[0] == 'X') && (label[1] == 'n' || label[1] == 'N') &&
         label[2] == '-' && label[3] == '-';
}

std::optional<Label> check_ascii_label(std::string_view label) {
  if (!is_ldh_label(label)) return std::nullopt;
  if (has_ace_prefix(label)) {
    auto decoded = decode_a_label(label);
    if (!decoded) return std::nullopt;
    return Label{std::move(*decoded), label.size()};
  }
  return Label{std::u32string(label.begin(), label.end()), label.size()};
}

std::optional<Label> check_label(std::string_view label, const DomainRules& rules) {
  bool ascii = true;
  for (char c : label) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii) return check_ascii_label(label);
  if (!rules.unicode_labels) return std::nullopt;
  auto code_points = decode_utf8_all(label);
  if (!code_points) return std::nullopt;
  const auto length = a_label_length(label, rules.normalize_nfc);
  if (!length || *length > max_label_length) return std::nullopt;
  return Label{std::move(*code_points), *length};
}

bool is_label_separator(char32_t code_point, const DomainRules& rules) {
  if (code_point == U'.') return true;
  return rules.ideographic_dots && (code_point == U'\u3002' || code_point == U'\uFF0E' || code_point == U'\uFF61');
}

// Splits at label separators; nullopt when the text is not UTF-8.
std::optional<std::vector<std::string_view>> split_labels(std::string_view text, const DomainRules& rules) {
  std::vector<std::string_view> labels;
  std::size_t start = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t here = pos;
    const auto code_point = decode_utf8(text, pos);
    if (!code_point) return std::nullopt;
    if (is_label_separator(*code_point, rules)) {
      labels.push_back(text.substr(start, here - start));
      start = pos;
    }
  }
  labels.push_back(text.substr(start));
  return labels;
}

}  // namespace

bool is_domain_name(std::string_view text, const DomainRules& rules) {
  const auto pieces = split_labels(text, rules);
  if (!pieces) return false;
  std::vector<Label> labels;
  std::size_t name_length = pieces->size() - 1;
  bool bidi_domain = false;
  for (const std::string_view piece : *pieces) {
    auto label = check_label(piece, rules);
    if (!label) return false;
    name_length += label->ascii_length;
    bidi_domain = bidi_domain || is_rtl_label(label->code_points);
    labels.push_back(std::move(*label));
  }
  if (name_length > max_name_length) return false;
  if (!bidi_domain) return true;
  // RFC 5893: once any label is right-to-left, every label, ASCII ones included, must meet the rule.
  for (const Label& label : labels) {
    if (!satisfies_bidi_rule(label.code_points)) return false;
  }
  return true;
}

bool is_hostname(std::string_view text) { return is_domain_name(text, DomainRules{}); }

bool is_idn_hostname(std::string_view text) {
  return is_domain_name(text, DomainRules{.unicode_labels = true, .ideographic_dots = true, .normalize_nfc = false});
}

}  // namespace toolgate::schemas::format_detail
