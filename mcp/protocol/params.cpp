#include "mcp/protocol/params.hpp"

#include <boost/json.hpp>

namespace toolgate::mcp {

std::optional<boost::json::object> params_object(const std::optional<std::string>& params) {
  if (!params) return boost::json::object{};
  boost::system::error_code ec;
  auto value = boost::json::parse(*params, ec);
  if (ec || !value.is_object()) return std::nullopt;
  return std::move(value.as_object());
}

std::optional<std::string> string_member(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (!value || !value->is_string()) return std::nullopt;
  return std::string(value->as_string());
}

}  // namespace toolgate::mcp
