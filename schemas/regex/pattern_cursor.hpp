// A read position in a decoded ECMA-262 pattern plus the first syntax error found there, shared by
// the translator and the escape readers so every error names its byte offset the same way.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "schemas/regex/utf8.hpp"

namespace toolgate::schemas {

struct PatternCursor {
  static constexpr char32_t kEnd = 0xFFFFFFFF;

  const DecodedText& src;
  std::size_t pos = 0;
  std::string error;

  bool at_end() const { return pos >= src.cps.size(); }
  char32_t peek(std::size_t ahead = 0) const {
    return pos + ahead < src.cps.size() ? src.cps[pos + ahead] : kEnd;
  }
  // `at` is a code point index; the message carries its byte offset.
  std::string where(std::size_t at) const {
    return " at offset " + std::to_string(src.offsets[at]);
  }
  // Records the error and returns false, so parsers can `return cursor.fail(...)`.
  bool fail(std::string_view what, std::size_t at) {
    error = std::string(what) + where(at);
    return false;
  }
};

}  // namespace toolgate::schemas
