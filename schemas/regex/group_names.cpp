#include "schemas/regex/group_names.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>
#include <memory>

#include "schemas/regex/utf8.hpp"

namespace toolgate::schemas {
namespace {

struct CodeFree {
  void operator()(pcre2_code* code) const { pcre2_code_free(code); }
};
struct MatchDataFree {
  void operator()(pcre2_match_data* data) const { pcre2_match_data_free(data); }
};

pcre2_code* compile_property_test(const char* pattern) {
  int error = 0;
  PCRE2_SIZE offset = 0;
  return pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern), PCRE2_ZERO_TERMINATED,
                       PCRE2_UTF | PCRE2_DOLLAR_ENDONLY, &error, &offset, nullptr);
}

// Non-ASCII identifier characters are rare in group names, so PCRE2's Unicode tables answer
// for them rather than a copy of ID_Start / ID_Continue here.
bool has_unicode_property(char32_t cp, bool start) {
  static const std::unique_ptr<pcre2_code, CodeFree> kStart(
      compile_property_test("^\\p{ID_Start}$"));
  static const std::unique_ptr<pcre2_code, CodeFree> kContinue(
      compile_property_test("^\\p{ID_Continue}$"));
  const pcre2_code* code = start ? kStart.get() : kContinue.get();
  if (code == nullptr) return false;
  const std::unique_ptr<pcre2_match_data, MatchDataFree> data(
      pcre2_match_data_create_from_pattern(code, nullptr));
  const std::string text = encode_utf8(std::u32string_view(&cp, 1));
  return pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), 0, 0,
                     data.get(), nullptr) >= 0;
}

bool is_identifier_char(char32_t cp, bool start) {
  if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '$' || cp == '_') return true;
  if (cp >= '0' && cp <= '9') return !start;
  if (cp < 0x80) return false;
  if (!start && (cp == 0x200C || cp == 0x200D)) return true;
  return has_unicode_property(cp, start);
}

}  // namespace

bool GroupNames::add(std::string name) {
  if (!name.empty() && find(name) != 0) return false;
  names_.push_back(std::move(name));
  return true;
}

std::size_t GroupNames::find(std::string_view name) const {
  const auto it = std::find(names_.begin(), names_.end(), name);
  return it == names_.end() ? 0 : static_cast<std::size_t>(it - names_.begin()) + 1;
}

bool is_identifier_name(std::u32string_view cps) {
  if (cps.empty()) return false;
  for (std::size_t i = 0; i < cps.size(); ++i) {
    if (!is_identifier_char(cps[i], i == 0)) return false;
  }
  return true;
}

}  // namespace toolgate::schemas
