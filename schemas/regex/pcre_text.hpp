// PCRE2 spellings of code points, code point ranges and ECMA-262's fixed character sets
// (\s, \S, .), written so they mean the same in PCRE2's UTF mode without PCRE2_UCP.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace toolgate::schemas {

using CodeRange = std::pair<char32_t, char32_t>;  // inclusive

// ECMA-262 WhiteSpace and LineTerminator: what \s matches.
const std::vector<CodeRange>& ecma_whitespace();

// Every code point not in `sorted` (sorted, non-overlapping ranges).
std::vector<CodeRange> complement(const std::vector<CodeRange>& sorted);

// Appends one code point as a standalone atom. A lone surrogate cannot occur in UTF-8 text, so it
// becomes an atom that never matches.
void append_literal(std::string& out, char32_t cp);

// Appends the inside of a PCRE2 class for [lo, hi], leaving out surrogates (PCRE2 rejects them in
// UTF mode, and UTF-8 subjects never contain them).
void append_class_range(std::string& out, char32_t lo, char32_t hi);

// Appends the inside of a PCRE2 class for each range.
void append_class_ranges(std::string& out, const std::vector<CodeRange>& ranges);

// Wraps class items (already in PCRE2 spelling) as one atom; an empty class never matches and an
// empty negated class matches any code point, as in ECMA-262 ([] and [^]).
std::string class_atom(const std::string& items, bool negated);

// ECMA-262 `.`: any code point except the four line terminators.
inline constexpr const char* kEcmaDot = "[^\\n\\r\\x{2028}\\x{2029}]";

}  // namespace toolgate::schemas
