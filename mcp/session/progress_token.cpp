#include "mcp/session/progress_token.hpp"

#include <boost/json.hpp>

namespace toolgate::mcp {

namespace {

std::optional<boost::json::object> parse_object(std::string_view text) {
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  if (ec || !value.is_object()) return std::nullopt;
  return std::move(value.as_object());
}

bool is_token(const boost::json::value& value) { return value.is_string() || value.is_int64() || value.is_uint64(); }

}  // namespace

std::optional<std::string> read_progress_token(const std::optional<std::string>& params) {
  if (!params) return std::nullopt;
  auto object = parse_object(*params);
  if (!object) return std::nullopt;
  const auto* meta = object->if_contains("_meta");
  if (!meta || !meta->is_object()) return std::nullopt;
  const auto* token = meta->as_object().if_contains("progressToken");
  if (!token || !is_token(*token)) return std::nullopt;
  return boost::json::serialize(*token);
}

std::string with_progress_token(const std::optional<std::string>& params, std::string_view token) {
  boost::json::object object;
  if (params) {
    if (auto parsed = parse_object(*params)) object = std::move(*parsed);
  }
  auto& meta = object["_meta"];
  if (!meta.is_object()) meta = boost::json::object{};
  meta.as_object()["progressToken"] = boost::json::parse(token);
  return boost::json::serialize(object);
}

std::optional<std::string> retoken_progress(std::string_view progress_params, std::string_view token) {
  auto object = parse_object(progress_params);
  if (!object || !object->contains("progressToken")) return std::nullopt;
  (*object)["progressToken"] = boost::json::parse(token);
  return boost::json::serialize(*object);
}

std::optional<std::string> progress_token_of(std::string_view progress_params) {
  auto object = parse_object(progress_params);
  if (!object) return std::nullopt;
  const auto* token = object->if_contains("progressToken");
  if (!token || !is_token(*token)) return std::nullopt;
  return boost::json::serialize(*token);
}

}  // namespace toolgate::mcp
