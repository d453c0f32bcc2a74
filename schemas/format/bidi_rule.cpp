#include "schemas/format/bidi_rule.hpp"

#include <initializer_list>

#include <unicode/uchar.h>

namespace toolgate::schemas::format_detail {

namespace {

UCharDirection direction(char32_t code_point) { return u_charDirection(static_cast<UChar32>(code_point)); }

bool is_one_of(UCharDirection value, std::initializer_list<UCharDirection> set) {
  for (const UCharDirection member : set) {
    if (value == member) return true;
  }
  return false;
}

// The class of the last character that is not a non-spacing mark (marks may trail any label).
UCharDirection last_non_mark(std::u32string_view label) {
  for (auto it = label.rbegin(); it != label.rend(); ++it) {
    const UCharDirection value = direction(*it);
    if (value != U_DIR_NON_SPACING_MARK) return value;
  }
  return U_DIR_NON_SPACING_MARK;
}

}  // namespace

bool is_rtl_label(std::u32string_view label) {
  for (const char32_t code_point : label) {
    if (is_one_of(direction(code_point), {U_RIGHT_TO_LEFT, U_RIGHT_TO_LEFT_ARABIC, U_ARABIC_NUMBER})) return true;
  }
  return false;
}

bool satisfies_bidi_rule(std::u32string_view label) {
  if (label.empty()) return false;
  const UCharDirection first = direction(label.front());
  // Condition 1: the first character fixes the label's direction.
  const bool rtl = is_one_of(first, {U_RIGHT_TO_LEFT, U_RIGHT_TO_LEFT_ARABIC});
  if (!rtl && first != U_LEFT_TO_RIGHT) return false;
  bool has_european_number = false;
  bool has_arabic_number = false;
  for (const char32_t code_point : label) {
    const UCharDirection value = direction(code_point);
    // Conditions 2 and 5: the classes allowed in each direction.
    const bool allowed =
        is_one_of(value, {U_EUROPEAN_NUMBER, U_EUROPEAN_NUMBER_SEPARATOR, U_COMMON_NUMBER_SEPARATOR,
                          U_EUROPEAN_NUMBER_TERMINATOR, U_OTHER_NEUTRAL, U_BOUNDARY_NEUTRAL, U_DIR_NON_SPACING_MARK}) ||
        (rtl ? is_one_of(value, {U_RIGHT_TO_LEFT, U_RIGHT_TO_LEFT_ARABIC, U_ARABIC_NUMBER})
             : value == U_LEFT_TO_RIGHT);
    if (!allowed) return false;
    has_european_number = has_european_number || value == U_EUROPEAN_NUMBER;
    has_arabic_number = has_arabic_number || value == U_ARABIC_NUMBER;
  }
  const UCharDirection last = last_non_mark(label);
  // Conditions 3 and 6: how the label ends; condition 4: one kind of digits in a RTL label.
  if (rtl) {
    return is_one_of(last, {U_RIGHT_TO_LEFT, U_RIGHT_TO_LEFT_ARABIC, U_EUROPEAN_NUMBER, U_ARABIC_NUMBER}) &&
           !(has_european_number && has_arabic_number);
  }
  return is_one_of(last, {U_LEFT_TO_RIGHT, U_EUROPEAN_NUMBER});
}

}  // namespace toolgate::schemas::format_detail
