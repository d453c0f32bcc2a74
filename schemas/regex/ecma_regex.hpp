// ECMA-262 regular expressions for JSON Schema `pattern`, `patternProperties` and `format: regex`.
// Patterns are translated to PCRE2 and matched with hard match/depth limits, so no input can stall a worker.
//
// Syntax is ECMA-262 with the `u` flag (what JSON Schema means by "ECMA-262"): \d \w \b are ASCII,
// \s is ECMA's WhiteSpace + LineTerminator set, `.` excludes only \n \r U+2028 U+2029, `$` is the
// very end; escapes outside the ECMA set (\a, \Z, \- outside a class, ...) and Python/PCRE-only
// groups are errors.
// Not supported (compile() reports them; is_valid_ecma_regex() still accepts them as valid ECMA):
//   - variable-length lookbehind such as (?<=a+) (PCRE2 10.42 needs each top-level alternative of
//     a lookbehind to have a fixed length);
//   - repeat counts above 65535, and patterns whose compiled form passes PCRE2's 64 KiB limit
//     (thousands of alternatives; nested repeats such as (?:a{1000}){1000});
//   - Unicode properties PCRE2 10.42 lacks (Changes_When_NFKC_Casefolded).
// Not exact, and only through backreferences does it change whether a subject matches: captures
// inside a repeated group are not reset on each iteration, and lookbehind captures are taken left
// to right. Script names in \p{Script=...} are matched loosely (PCRE2 ignores case). ES2025
// additions (duplicate group names, (?i:...) modifiers, the `v` flag) are errors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <boost/system/result.hpp>

namespace toolgate::schemas {

class EcmaRegex {
 public:
  enum class Match { yes, no, limit_exceeded };

  // Bounds on one search, which keep a hostile pattern/subject pair to a few milliseconds (about
  // 1-2 ms for (a+)+$ on "aaa...!"): PCRE2's match limit (backtracking steps), and the stack the
  // JIT may use (4 MiB per thread, reserved once; enough for ~100k iterations of a repeated
  // capturing group). Where PCRE2 interprets instead of using the JIT, the depth and heap limits
  // play the stack's part.
  static constexpr std::uint32_t kMatchLimit = 1'000'000;
  static constexpr std::size_t kJitStackBytes = 4 * 1024 * 1024;
  static constexpr std::uint32_t kDepthLimit = 10'000;
  static constexpr std::uint32_t kHeapLimitKib = 16 * 1024;

  // Compiles with JSON Schema semantics: unanchored search, Unicode ("u" flag) semantics,
  // ECMA-262 meanings of \d \w \s . $ and escapes. The error names what is wrong and its byte
  // offset.
  static boost::system::result<EcmaRegex, std::string> compile(std::string_view pattern);

  // Searches `subject` (UTF-8; a subject that is not valid UTF-8 matches nothing, as it cannot be
  // a JSON string). Thread-safe: one compiled regex may be shared by many threads.
  // limit_exceeded means the search gave up, so neither answer is known.
  Match search(std::string_view subject) const;

  // The same for subjects the caller knows are valid UTF-8 (every string in a simdjson DOM is):
  // skips the UTF-8 check and enters the JIT code directly. Invalid UTF-8 here is undefined.
  Match search_utf8(std::string_view subject) const;

  const std::string& source() const;

 private:
  struct Impl;
  explicit EcmaRegex(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

  std::shared_ptr<const Impl> impl_;  // immutable; copies share it
};

// True when `pattern` is a valid ECMA-262 regular expression (the `regex` format).
bool is_valid_ecma_regex(std::string_view pattern);

}  // namespace toolgate::schemas
