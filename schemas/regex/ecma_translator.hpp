// Checks an ECMA-262 pattern (with the `u` flag, as JSON Schema requires) and rewrites it in PCRE2
// syntax with the same meaning; internal to EcmaRegex and is_valid_ecma_regex.
#pragma once

#include <string>
#include <string_view>

#include <boost/system/result.hpp>

namespace toolgate::schemas {

struct PcrePattern {
  std::string text;         // for PCRE2_UTF | PCRE2_MATCH_UNSET_BACKREF, without PCRE2_UCP
  std::string unsupported;  // non-empty when the pattern is valid ECMA-262 that PCRE2 cannot run
};

// The error names the problem and its byte offset in `pattern`.
boost::system::result<PcrePattern, std::string> translate_ecma_pattern(std::string_view pattern);

}  // namespace toolgate::schemas
