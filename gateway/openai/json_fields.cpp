// Path-aware typed reads over simdjson DOM objects.
#include "gateway/openai/json_fields.hpp"

#include <cmath>

namespace toolgate::gateway::openai::fields {

namespace dom = simdjson::dom;

std::string member_path(std::string_view base, std::string_view key) {
  if (base.empty()) return std::string(key);
  std::string path(base);
  path += '.';
  path += key;
  return path;
}

std::string index_path(std::string_view base, std::size_t index) {
  std::string path(base);
  path += '[';
  path += std::to_string(index);
  path += ']';
  return path;
}

std::string_view type_name(dom::element e) {
  switch (e.type()) {
    case dom::element_type::ARRAY: return "an array";
    case dom::element_type::OBJECT: return "an object";
    case dom::element_type::INT64:
    case dom::element_type::UINT64: return "an integer";
    case dom::element_type::DOUBLE: return "a number";
    case dom::element_type::STRING: return "a string";
    case dom::element_type::BOOL: return "a boolean";
    case dom::element_type::NULL_VALUE: return "null";
  }
  return "a value";
}

ApiError wrong_type(const std::string& path, std::string_view expected, dom::element got) {
  std::string message = "Invalid type for '" + path + "': expected " + std::string(expected) +
                        ", but got " + std::string(type_name(got)) + " instead.";
  return invalid_request(path, std::move(message), "invalid_type");
}

ApiError missing(const std::string& path) {
  return invalid_request(path, "Missing required parameter: '" + path + "'.",
                         "missing_required_field");
}

Status to_integer(dom::element e, const std::string& path, std::int64_t& out) {
  switch (e.type()) {
    case dom::element_type::INT64:
      out = e.get_int64().value_unsafe();
      return std::nullopt;
    case dom::element_type::UINT64:
      return invalid_request(path, "Invalid value for '" + path + "': integer is too large.");
    case dom::element_type::DOUBLE: {
      // 2^63 bounds the int64 range; the cast below is exact inside it.
      constexpr double kLimit = 9223372036854775808.0;
      const double d = e.get_double().value_unsafe();
      if (std::trunc(d) == d && d >= -kLimit && d < kLimit) {
        out = static_cast<std::int64_t>(d);
        return std::nullopt;
      }
      return wrong_type(path, "an integer", e);
    }
    default:
      return wrong_type(path, "an integer", e);
  }
}

ObjectReader::ObjectReader(dom::object object, std::string path)
    : object_(object), path_(std::move(path)) {}

Status ObjectReader::from(dom::element e, std::string path, std::optional<ObjectReader>& out) {
  dom::object object;
  if (e.get(object) != simdjson::SUCCESS) return wrong_type(path, "an object", e);
  out.emplace(object, std::move(path));
  return std::nullopt;
}

std::optional<dom::element> ObjectReader::get(std::string_view key) const {
  dom::element e;
  if (object_.at_key(key).get(e) != simdjson::SUCCESS || e.is_null()) return std::nullopt;
  return e;
}

Status ObjectReader::optional_string(std::string_view key, std::optional<std::string>& out) const {
  const auto e = get(key);
  if (!e) return std::nullopt;
  std::string_view s;
  if (e->get(s) != simdjson::SUCCESS) return wrong_type(path_of(key), "a string", *e);
  out.emplace(s);
  return std::nullopt;
}

Status ObjectReader::required_string(std::string_view key, std::string& out) const {
  const auto e = get(key);
  if (!e) return missing(path_of(key));
  std::string_view s;
  if (e->get(s) != simdjson::SUCCESS) return wrong_type(path_of(key), "a string", *e);
  out.assign(s);
  return std::nullopt;
}

Status ObjectReader::optional_bool(std::string_view key, std::optional<bool>& out) const {
  const auto e = get(key);
  if (!e) return std::nullopt;
  bool b = false;
  if (e->get(b) != simdjson::SUCCESS) return wrong_type(path_of(key), "a boolean", *e);
  out = b;
  return std::nullopt;
}

Status ObjectReader::optional_number(std::string_view key, std::optional<double>& out) const {
  const auto e = get(key);
  if (!e) return std::nullopt;
  if (!e->is_number()) return wrong_type(path_of(key), "a number", *e);
  double d = 0;
  if (e->get(d) != simdjson::SUCCESS) return wrong_type(path_of(key), "a number", *e);
  out = d;
  return std::nullopt;
}

Status ObjectReader::optional_integer(std::string_view key,
                                      std::optional<std::int64_t>& out) const {
  const auto e = get(key);
  if (!e) return std::nullopt;
  std::int64_t v = 0;
  if (auto err = to_integer(*e, path_of(key), v)) return err;
  out = v;
  return std::nullopt;
}

Status ObjectReader::optional_object(std::string_view key,
                                     std::optional<ObjectReader>& out) const {
  const auto e = get(key);
  if (!e) return std::nullopt;
  return from(*e, path_of(key), out);
}

Status ObjectReader::required_object(std::string_view key,
                                     std::optional<ObjectReader>& out) const {
  const auto e = get(key);
  if (!e) return missing(path_of(key));
  return from(*e, path_of(key), out);
}

Status ObjectReader::optional_array(std::string_view key,
                                    std::optional<dom::array>& out) const {
  const auto e = get(key);
  if (!e) return std::nullopt;
  dom::array a;
  if (e->get(a) != simdjson::SUCCESS) return wrong_type(path_of(key), "an array", *e);
  out = a;
  return std::nullopt;
}

}  // namespace toolgate::gateway::openai::fields
