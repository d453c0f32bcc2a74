// Reading request params the way every MCP method handler needs: the params object (absent reads
// as {}) and its string members, so handlers answer -32602 naming the member instead of guessing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

namespace toolgate::mcp {

// The params object; nullopt when params is present but not a JSON object.
std::optional<boost::json::object> params_object(const std::optional<std::string>& params);

// `object[key]` when it is a string.
std::optional<std::string> string_member(const boost::json::object& object, std::string_view key);

}  // namespace toolgate::mcp
