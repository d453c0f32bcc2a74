// A matcher for the anchored patterns LLM schemas use most ("^[A-Z]{3}$", "^\d{4}-\d{2}-\d{2}$"):
// a sequence of ASCII character classes with quantifiers, matched greedily without PCRE2's call cost.
#pragma once

#include <array>
#include <bitset>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace toolgate::schemas {

class SimplePattern {
 public:
  // Recognises the subset where a greedy left-to-right match is exact: `^`, then atoms (ASCII
  // literal, escaped syntax character, \d, \w, or a non-negated class of those and ranges), each
  // with ?, *, +, {n}, {n,} or {n,m}, then an optional `$`. A repeat whose length is open must not
  // share characters with any atom that could take over its last characters (the atoms after it up
  // to the next mandatory one), which is what makes the greedy choice the only one. Anything else
  // returns nullopt and stays with PCRE2.
  static std::optional<SimplePattern> parse(std::string_view pattern);

  // Whether `subject` matches, with the ECMA semantics of the original pattern.
  bool matches(std::string_view subject) const;

 private:
  struct Atom {
    std::bitset<128> chars;
    std::uint32_t min = 1;
    std::uint32_t max = 1;  // kUnbounded for *, + and {n,}
  };
  static constexpr std::uint32_t kUnbounded = 0xFFFFFFFFu;

  std::vector<Atom> atoms_;
  bool anchored_end_ = false;
};

}  // namespace toolgate::schemas
