// JSON Pointer (RFC 6901): parsing, escaping and evaluation over simdjson DOM values,
// plus the URI-fragment form (percent-encoded) used by `$ref`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/system/result.hpp>
#include <simdjson.h>

namespace toolgate::schemas {

// Splits "/a/b~1c" into {"a", "b/c"}. "" is the whole document. Errors name the problem.
boost::system::result<std::vector<std::string>, std::string> parse_json_pointer(std::string_view pointer);

// Same, for a URI fragment (without '#'): percent-decodes first, then parses.
boost::system::result<std::vector<std::string>, std::string> parse_fragment_pointer(std::string_view fragment);

// Escapes one reference token ('~' -> "~0", '/' -> "~1") and appends "/token" to `pointer`.
void append_pointer_token(std::string& pointer, std::string_view token);
void append_pointer_index(std::string& pointer, std::size_t index);

// Joins tokens into a pointer string.
std::string to_json_pointer(const std::vector<std::string>& tokens);

// Evaluates a parsed pointer; array tokens must be canonical indices ("0", "12", not "01" or "-").
std::optional<simdjson::dom::element> resolve_json_pointer(simdjson::dom::element root,
                                                           const std::vector<std::string>& tokens);

}  // namespace toolgate::schemas
