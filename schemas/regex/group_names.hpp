// The capture groups of an ECMA-262 pattern in order, with their names, so backreferences (which
// may point forward) resolve to PCRE2 group numbers.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace toolgate::schemas {

class GroupNames {
 public:
  // Adds the next group; `name` is empty for an unnamed one. False when the name is taken.
  bool add(std::string name);
  std::size_t count() const { return names_.size(); }
  // The 1-based group number, or 0 when no group has this name.
  std::size_t find(std::string_view name) const;

 private:
  std::vector<std::string> names_;
};

// RegExpIdentifierName: an ID_Start, '$' or '_', then ID_Continue, '$', ZWNJ or ZWJ.
bool is_identifier_name(std::u32string_view cps);

}  // namespace toolgate::schemas
