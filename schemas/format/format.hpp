// Checkers for the JSON Schema `format` values, used when format assertion is switched on.
// Each checker follows the RFC the specification names (3339, 5321, 1123, 3986, 3987, 6570, 6901, ...).
#pragma once

#include <optional>
#include <string_view>

namespace toolgate::schemas {

enum class Format {
  date_time, date, time, duration,
  email, idn_email, hostname, idn_hostname,
  ipv4, ipv6,
  uri, uri_reference, iri, iri_reference, uri_template, uuid,
  json_pointer, relative_json_pointer, regex,
};

// Known format names map to a checker; unknown names return nullopt (and always pass).
std::optional<Format> format_from_name(std::string_view name);

// True when `value` is a valid instance of `format`. Only strings are checked; callers pass others through.
bool check_format(Format format, std::string_view value);

}  // namespace toolgate::schemas
