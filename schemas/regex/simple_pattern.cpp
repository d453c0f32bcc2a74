#include "schemas/regex/simple_pattern.hpp"

#include <charconv>
#include <string>

namespace toolgate::schemas {

namespace {

bool is_syntax_character(char c) {
  return std::string_view("^$\\.*+?()[]{}|/").find(c) != std::string_view::npos;
}

void add_range(std::bitset<128>& set, char from, char to) {
  for (int c = from; c <= to; ++c) set.set(static_cast<std::size_t>(c));
}

// \d and \w, the class escapes that stay ASCII in ECMA-262.
bool add_class_escape(std::bitset<128>& set, char c) {
  if (c == 'd') {
    add_range(set, '0', '9');
    return true;
  }
  if (c == 'w') {
    add_range(set, '0', '9');
    add_range(set, 'A', 'Z');
    add_range(set, 'a', 'z');
    set.set('_');
    return true;
  }
  return false;
}

bool printable_ascii(char c) { return c >= 0x20 && c < 0x7F; }

// One class member inside [...]: a literal, an escaped literal, or \d \w. Returns the literal for
// range ends, nothing for class escapes, and false on anything outside the subset.
bool class_member(std::string_view p, std::size_t& i, std::bitset<128>& set, std::optional<char>& literal) {
  literal.reset();
  if (p[i] == '\\') {
    if (i + 1 >= p.size()) return false;
    const char e = p[i + 1];
    i += 2;
    if (add_class_escape(set, e)) return true;
    if (!is_syntax_character(e) && e != '-') return false;
    literal = e;
    return true;
  }
  if (!printable_ascii(p[i]) || p[i] == '[') return false;
  literal = p[i++];
  return true;
}

bool parse_class(std::string_view p, std::size_t& i, std::bitset<128>& set) {
  ++i;  // '['
  if (i < p.size() && p[i] == '^') return false;
  bool any = false;
  while (i < p.size() && p[i] != ']') {
    std::optional<char> low;
    if (!class_member(p, i, set, low)) return false;
    if (low && i + 1 < p.size() && p[i] == '-' && p[i + 1] != ']') {
      ++i;
      std::optional<char> high;
      if (!class_member(p, i, set, high) || !high || *high < *low) return false;
      add_range(set, *low, *high);
    } else if (low) {
      set.set(static_cast<unsigned char>(*low));
    }
    any = true;
  }
  if (i >= p.size() || !any) return false;
  ++i;  // ']'
  return true;
}

bool parse_number(std::string_view p, std::size_t& i, std::uint32_t& out) {
  const char* begin = p.data() + i;
  auto [end, ec] = std::from_chars(begin, p.data() + p.size(), out);
  if (ec != std::errc() || end == begin) return false;
  i += static_cast<std::size_t>(end - begin);
  return true;
}

}  // namespace

std::optional<SimplePattern> SimplePattern::parse(std::string_view p) {
  if (p.empty() || p.front() != '^') return std::nullopt;
  SimplePattern out;
  std::size_t i = 1;
  while (i < p.size()) {
    if (p[i] == '$') {
      if (i + 1 != p.size()) return std::nullopt;
      out.anchored_end_ = true;
      break;
    }
    Atom atom;
    if (p[i] == '[') {
      if (!parse_class(p, i, atom.chars)) return std::nullopt;
    } else if (p[i] == '\\') {
      if (i + 1 >= p.size()) return std::nullopt;
      const char e = p[i + 1];
      if (!add_class_escape(atom.chars, e)) {
        if (!is_syntax_character(e)) return std::nullopt;
        atom.chars.set(static_cast<unsigned char>(e));
      }
      i += 2;
    } else if (is_syntax_character(p[i]) || !printable_ascii(p[i])) {
      return std::nullopt;
    } else {
      atom.chars.set(static_cast<unsigned char>(p[i++]));
    }
    if (i < p.size()) {
      const char q = p[i];
      if (q == '?' || q == '*' || q == '+') {
        atom.min = q == '+' ? 1 : 0;
        atom.max = q == '?' ? 1 : kUnbounded;
        ++i;
      } else if (q == '{') {
        ++i;
        if (!parse_number(p, i, atom.min)) return std::nullopt;
        atom.max = atom.min;
        if (i < p.size() && p[i] == ',') {
          ++i;
          atom.max = kUnbounded;
          if (i < p.size() && p[i] != '}' && (!parse_number(p, i, atom.max) || atom.max < atom.min)) {
            return std::nullopt;
          }
        }
        if (i >= p.size() || p[i] != '}') return std::nullopt;
        ++i;
      }
      // A lazy or doubled quantifier is outside the subset.
      if (i < p.size() && (p[i] == '?' || p[i] == '*' || p[i] == '+' || p[i] == '{')) return std::nullopt;
    }
    out.atoms_.push_back(atom);
  }
  // Greedy is exact only when no later atom could take characters a variable repeat gave up.
  for (std::size_t a = 0; a < out.atoms_.size(); ++a) {
    if (out.atoms_[a].min == out.atoms_[a].max) continue;
    for (std::size_t b = a + 1; b < out.atoms_.size(); ++b) {
      if ((out.atoms_[a].chars & out.atoms_[b].chars).any()) return std::nullopt;
      if (out.atoms_[b].min > 0) break;
    }
  }
  return out;
}

bool SimplePattern::matches(std::string_view s) const {
  std::size_t pos = 0;
  for (const Atom& atom : atoms_) {
    std::uint32_t taken = 0;
    while (taken < atom.max && pos < s.size()) {
      const auto c = static_cast<unsigned char>(s[pos]);
      if (c >= 128 || !atom.chars.test(c)) break;
      ++pos;
      ++taken;
    }
    if (taken < atom.min) return false;
  }
  return !anchored_end_ || pos == s.size();
}

}  // namespace toolgate::schemas
