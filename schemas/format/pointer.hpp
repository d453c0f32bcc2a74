// JSON Pointer strings (RFC 6901) and Relative JSON Pointers (draft-handrews-relative-json-pointer):
// a non-negative integer, an optional +N/-N index shift, then "#" or a JSON Pointer.
#pragma once

#include <string_view>

namespace toolgate::schemas::format_detail {

bool is_json_pointer(std::string_view text);
bool is_relative_json_pointer(std::string_view text);

}  // namespace toolgate::schemas::format_detail
