#include "schemas/regex/ecma_translator.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "schemas/regex/ecma_escapes.hpp"
#include "schemas/regex/group_names.hpp"
#include "schemas/regex/pattern_cursor.hpp"
#include "schemas/regex/pcre_text.hpp"

namespace toolgate::schemas {
namespace {

// Below PCRE2's default parentheses nesting limit (250); it also bounds this parser's recursion.
constexpr int kMaxNesting = 200;
// PCRE2 rejects larger repeat counts; ECMA-262 has no limit.
constexpr std::uint64_t kMaxRepeat = 65535;
// Counts saturate here; an open upper bound ({n,}) is recorded as kCountCap + 1.
constexpr std::uint64_t kCountCap = 0xFFFFFFFF;

bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }

// One ClassAtom of a character class: a code point, or a set such as \d or \p{L} already spelled
// for the inside of a PCRE2 class.
struct ClassAtom {
  char32_t cp = 0;
  std::string set;
};

// Recursive descent over the ECMA-262 Pattern grammar ([+UnicodeMode], [+NamedCaptureGroups]).
// It runs twice: the first pass collects the capture groups, because a backreference may name a
// group that appears later; the second pass checks backreferences and writes the PCRE2 text.
class Translator {
 public:
  Translator(const DecodedText& source, GroupNames& groups, bool collecting)
      : cur_{source, 0, {}}, groups_(groups), collecting_(collecting) {}

  bool run() {
    if (!disjunction()) return false;
    if (!cur_.at_end()) return cur_.fail("unmatched ')'", cur_.pos);
    return true;
  }

  std::string& text() { return out_; }
  std::string& unsupported() { return unsupported_; }
  std::string& error() { return cur_.error; }

 private:
  char32_t peek(std::size_t ahead = 0) const { return cur_.peek(ahead); }

  void note_unsupported(const std::string& what, std::size_t at) {
    if (unsupported_.empty()) unsupported_ = what + cur_.where(at);
  }

  bool disjunction() {
    if (!alternative()) return false;
    while (peek() == '|') {
      ++cur_.pos;
      out_ += '|';
      if (!alternative()) return false;
    }
    return true;
  }

  bool alternative() {
    while (!cur_.at_end() && peek() != '|' && peek() != ')') {
      if (!term()) return false;
    }
    return true;
  }

  bool term() {
    const std::size_t start = cur_.pos;
    const char32_t c = peek();
    if (c == '^' || c == '$') {
      ++cur_.pos;
      // Without PCRE2_MULTILINE, ^ is the start of the subject; \z is its very end, as ECMA's $.
      out_ += c == '^' ? "^" : "\\z";
      return assertion_end(start);
    }
    if (c == '\\' && (peek(1) == 'b' || peek(1) == 'B')) {
      // Without PCRE2_UCP, PCRE2's word characters are ECMA's [A-Za-z0-9_].
      out_ += peek(1) == 'b' ? "\\b" : "\\B";
      cur_.pos += 2;
      return assertion_end(start);
    }
    bool is_assertion = false;
    if (!atom(is_assertion)) return false;
    return is_assertion ? assertion_end(start) : quantifier();
  }

  // With the u flag ECMA-262 forbids quantifying any assertion, lookarounds included.
  bool assertion_end(std::size_t start) {
    const char32_t c = peek();
    if (c == '*' || c == '+' || c == '?' || c == '{') {
      return cur_.fail("quantifier after an assertion", start);
    }
    return true;
  }

  bool atom(bool& is_assertion) {
    const std::size_t start = cur_.pos;
    const char32_t c = peek();
    switch (c) {
      case '.':
        ++cur_.pos;
        out_ += kEcmaDot;
        return true;
      case '[':
        return character_class();
      case '(':
        return group(is_assertion);
      case '\\':
        return atom_escape();
      case '*': case '+': case '?':
        return cur_.fail("nothing to repeat", start);
      case '{': {
        std::uint64_t min = 0;
        std::uint64_t max = 0;
        const bool quantifier = braced_quantifier(min, max);
        return cur_.fail(quantifier ? "nothing to repeat" : "lone '{' must be escaped", start);
      }
      case '}':
        return cur_.fail("lone '}' must be escaped", start);
      case ']':
        return cur_.fail("lone ']' must be escaped", start);
      default:
        ++cur_.pos;
        append_literal(out_, c);
        return true;
    }
  }

  std::uint64_t decimal() {
    std::uint64_t value = 0;
    for (; is_digit(peek()); ++cur_.pos) value = std::min(kCountCap, value * 10 + (peek() - '0'));
    return value;
  }

  // {n}, {n,} or {n,m}; on success the cursor is past the '}', otherwise it has not moved.
  bool braced_quantifier(std::uint64_t& min, std::uint64_t& max) {
    const std::size_t start = cur_.pos;
    ++cur_.pos;
    bool valid = is_digit(peek());
    if (valid) {
      min = decimal();
      max = min;
      if (peek() == ',') {
        ++cur_.pos;
        max = is_digit(peek()) ? decimal() : kCountCap + 1;
      }
      valid = peek() == '}';
    }
    cur_.pos = valid ? cur_.pos + 1 : start;
    return valid;
  }

  bool quantifier() {
    const std::size_t start = cur_.pos;
    const char32_t c = peek();
    if (c == '*' || c == '+' || c == '?') {
      ++cur_.pos;
      out_ += static_cast<char>(c);
    } else if (c == '{') {
      std::uint64_t min = 0;
      std::uint64_t max = 0;
      if (!braced_quantifier(min, max)) return cur_.fail("incomplete quantifier", start);
      const bool open = max > kCountCap;
      if (!open && min > max) return cur_.fail("numbers out of order in {} quantifier", start);
      if (min > kMaxRepeat || (!open && max > kMaxRepeat)) {
        note_unsupported("repeat count above 65535", start);
      }
      out_ += '{' + std::to_string(min);
      if (open) out_ += ',';
      if (!open && max != min) out_ += ',' + std::to_string(max);
      out_ += '}';
    } else {
      return true;
    }
    if (peek() == '?') {
      ++cur_.pos;
      out_ += '?';
    }
    return true;
  }

  bool group(bool& is_assertion) {
    const std::size_t start = cur_.pos;
    if (++depth_ > kMaxNesting) return cur_.fail("groups nested too deeply", start);
    ++cur_.pos;
    const char32_t kind = peek(1);
    const char32_t next = peek(2);
    if (peek() != '?') {
      if (collecting_) groups_.add({});
      out_ += '(';
    } else if (kind == ':' || kind == '=' || kind == '!') {
      cur_.pos += 2;
      out_ += "(?";
      out_ += static_cast<char>(kind);
      is_assertion = kind != ':';
    } else if (kind == '<' && (next == '=' || next == '!')) {
      cur_.pos += 3;
      out_ += next == '=' ? "(?<=" : "(?<!";
      is_assertion = true;
    } else if (kind == '<') {
      // Named groups become plain numbered groups: PCRE2's name rules are narrower than ECMA's,
      // and \k<name> is resolved to the number here.
      cur_.pos += 2;
      std::string name;
      if (!read_group_name(cur_, name)) return false;
      if (collecting_ && !groups_.add(name)) {
        return cur_.fail("duplicate capture group name", start);
      }
      out_ += '(';
    } else {
      return cur_.fail("invalid group", start);
    }
    if (!disjunction()) return false;
    if (peek() != ')') return cur_.fail("unterminated group", start);
    ++cur_.pos;
    out_ += ')';
    --depth_;
    return true;
  }

  bool backreference(std::size_t number, std::size_t start) {
    if (!collecting_ && (number == 0 || number > groups_.count())) {
      return cur_.fail("backreference to a group that does not exist", start);
    }
    out_ += "\\g{" + std::to_string(number) + '}';
    return true;
  }

  bool atom_escape() {
    const std::size_t start = cur_.pos;
    ++cur_.pos;
    if (cur_.at_end()) return cur_.fail("'\\' at end of pattern", start);
    const char32_t c = peek();
    if (c >= '1' && c <= '9') return backreference(decimal(), start);
    if (c == 'k') {
      ++cur_.pos;
      if (peek() != '<') return cur_.fail("invalid named backreference", start);
      ++cur_.pos;
      std::string name;
      if (!read_group_name(cur_, name)) return false;
      if (collecting_) return true;
      const std::size_t number = groups_.find(name);
      if (number == 0) return cur_.fail("named backreference to an unknown group", start);
      return backreference(number, start);
    }
    if (c == 's' || c == 'S') {
      ++cur_.pos;
      std::string items;
      append_class_ranges(items, ecma_whitespace());
      out_ += class_atom(items, c == 'S');
      return true;
    }
    ClassAtom set;
    if (class_escape_set(set)) {
      out_ += set.set;
      return true;
    }
    if (!cur_.error.empty()) return false;
    char32_t cp = 0;
    if (!read_character_escape(cur_, cp, false, start)) return false;
    append_literal(out_, cp);
    return true;
  }

  // \d \D \w \W \s \S \p{..} \P{..} after the backslash; false without an error when not one.
  bool class_escape_set(ClassAtom& atom) {
    const char32_t c = peek();
    switch (c) {
      case 'd': case 'D': case 'w': case 'W':
        // Without PCRE2_UCP these are ASCII-only, as in ECMA-262.
        ++cur_.pos;
        atom.set = std::string("\\") + static_cast<char>(c);
        return true;
      case 's':
        ++cur_.pos;
        append_class_ranges(atom.set, ecma_whitespace());
        return true;
      case 'S':
        ++cur_.pos;
        append_class_ranges(atom.set, complement(ecma_whitespace()));
        return true;
      case 'p': case 'P': {
        std::string unsupported;
        if (!read_property_escape(cur_, atom.set, unsupported)) return false;
        if (!unsupported.empty() && unsupported_.empty()) unsupported_ = std::move(unsupported);
        return true;
      }
      default:
        return false;
    }
  }

  bool character_class() {
    const std::size_t start = cur_.pos;
    ++cur_.pos;
    const bool negated = peek() == '^';
    if (negated) ++cur_.pos;
    std::string items;
    while (peek() != ']') {
      if (cur_.at_end()) return cur_.fail("unterminated character class", start);
      const std::size_t atom_start = cur_.pos;
      ClassAtom first;
      if (!class_atom_parse(first)) return false;
      if (peek() != '-' || peek(1) == ']' || peek(1) == PatternCursor::kEnd) {
        if (first.set.empty()) {
          append_class_range(items, first.cp, first.cp);
        } else {
          items += first.set;
        }
        continue;
      }
      ++cur_.pos;
      ClassAtom last;
      if (!class_atom_parse(last)) return false;
      if (!first.set.empty() || !last.set.empty()) {
        return cur_.fail("character class escape used as a range bound", atom_start);
      }
      if (first.cp > last.cp) return cur_.fail("character class range out of order", atom_start);
      append_class_range(items, first.cp, last.cp);
    }
    ++cur_.pos;
    out_ += class_atom(items, negated);
    return true;
  }

  bool class_atom_parse(ClassAtom& atom) {
    const std::size_t start = cur_.pos;
    ++cur_.pos;
    if (cur_.src.cps[start] != '\\') {
      atom.cp = cur_.src.cps[start];
      return true;
    }
    if (cur_.at_end()) return cur_.fail("'\\' at end of pattern", start);
    if (peek() == 'b') {
      ++cur_.pos;
      atom.cp = 0x08;
      return true;
    }
    if (class_escape_set(atom)) return true;
    if (!cur_.error.empty()) return false;
    return read_character_escape(cur_, atom.cp, true, start);
  }

  PatternCursor cur_;
  GroupNames& groups_;
  const bool collecting_;
  int depth_ = 0;
  std::string out_;
  std::string unsupported_;
};

}  // namespace

boost::system::result<PcrePattern, std::string> translate_ecma_pattern(std::string_view pattern) {
  auto decoded = decode_utf8(pattern);
  using Result = boost::system::result<PcrePattern, std::string>;
  if (!decoded) return Result(boost::system::in_place_error, decoded.error());
  GroupNames groups;
  Translator collect(*decoded, groups, true);
  if (!collect.run()) return Result(boost::system::in_place_error, std::move(collect.error()));
  Translator write(*decoded, groups, false);
  if (!write.run()) return Result(boost::system::in_place_error, std::move(write.error()));
  return PcrePattern{std::move(write.text()), std::move(write.unsupported())};
}

}  // namespace toolgate::schemas
