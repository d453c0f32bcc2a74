// Typed, path-aware reads of simdjson DOM values for the request parser: every failure is an
// ApiError whose `param` is the JSON path of the field ("tools[0].function.name").
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "gateway/openai/api_error.hpp"

namespace toolgate::gateway::openai::fields {

// nullopt = the read succeeded; otherwise the 400 to send.
using Status = std::optional<ApiError>;

std::string member_path(std::string_view base, std::string_view key);
std::string index_path(std::string_view base, std::size_t index);

// "a string", "an integer", "null", ... as used in error messages.
std::string_view type_name(simdjson::dom::element e);

// 400 invalid_type: "Invalid type for 'path': expected X, but got Y instead."
ApiError wrong_type(const std::string& path, std::string_view expected, simdjson::dom::element got);
// 400 missing_required_field: "Missing required parameter: 'path'."
ApiError missing(const std::string& path);

// Integers as JSON writes them: integral values only (10 and 10.0), within int64.
Status to_integer(simdjson::dom::element e, const std::string& path, std::int64_t& out);

// One JSON object and its path. Absent and null members both mean "not given" for optional
// reads, as in OpenAI's API; required reads report absent/null as missing.
class ObjectReader {
 public:
  ObjectReader(simdjson::dom::object object, std::string path);

  // Wraps `e` when it is an object, else reports wrong_type at `path`.
  static Status from(simdjson::dom::element e, std::string path, std::optional<ObjectReader>& out);

  const std::string& path() const { return path_; }
  simdjson::dom::object object() const { return object_; }
  std::string path_of(std::string_view key) const { return member_path(path_, key); }

  // The member when present and not null.
  std::optional<simdjson::dom::element> get(std::string_view key) const;

  Status optional_string(std::string_view key, std::optional<std::string>& out) const;
  Status required_string(std::string_view key, std::string& out) const;
  Status optional_bool(std::string_view key, std::optional<bool>& out) const;
  Status optional_number(std::string_view key, std::optional<double>& out) const;
  Status optional_integer(std::string_view key, std::optional<std::int64_t>& out) const;
  Status optional_object(std::string_view key, std::optional<ObjectReader>& out) const;
  Status required_object(std::string_view key, std::optional<ObjectReader>& out) const;
  Status optional_array(std::string_view key, std::optional<simdjson::dom::array>& out) const;

 private:
  simdjson::dom::object object_;
  std::string path_;
};

}  // namespace toolgate::gateway::openai::fields
