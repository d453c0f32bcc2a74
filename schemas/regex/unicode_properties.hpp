// Maps the body of an ECMA-262 `\p{...}` escape (General_Category, Script, Script_Extensions and
// binary properties, with ECMA's exact spellings) to the PCRE2 property escape that means the same.
#pragma once

#include <string>
#include <string_view>

namespace toolgate::schemas {

struct PropertyEscape {
  enum class Status { ok, invalid, unsupported };
  Status status = Status::invalid;
  std::string pcre;  // e.g. "\\p{Lu}" or "\\P{sc:Greek}"; set when status is ok
};

// `body` is the text between the braces; `negated` is true for `\P`.
PropertyEscape translate_property_escape(std::string_view body, bool negated);

}  // namespace toolgate::schemas
