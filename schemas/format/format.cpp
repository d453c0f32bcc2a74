#include "schemas/format/format.hpp"

#include <array>
#include <utility>

#include "schemas/format/date_time.hpp"
#include "schemas/format/duration.hpp"
#include "schemas/format/email.hpp"
#include "schemas/format/hostname.hpp"
#include "schemas/format/ip_address.hpp"
#include "schemas/format/pointer.hpp"
#include "schemas/format/uri.hpp"
#include "schemas/format/uri_template.hpp"
#include "schemas/format/uuid.hpp"
#include "schemas/regex/ecma_regex.hpp"

namespace toolgate::schemas {

namespace {

constexpr std::array<std::pair<std::string_view, Format>, 19> format_names{{
    {"date-time", Format::date_time},
    {"date", Format::date},
    {"time", Format::time},
    {"duration", Format::duration},
    {"email", Format::email},
    {"idn-email", Format::idn_email},
    {"hostname", Format::hostname},
    {"idn-hostname", Format::idn_hostname},
    {"ipv4", Format::ipv4},
    {"ipv6", Format::ipv6},
    {"uri", Format::uri},
    {"uri-reference", Format::uri_reference},
    {"iri", Format::iri},
    {"iri-reference", Format::iri_reference},
    {"uri-template", Format::uri_template},
    {"uuid", Format::uuid},
    {"json-pointer", Format::json_pointer},
    {"relative-json-pointer", Format::relative_json_pointer},
    {"regex", Format::regex},
}};

}  // namespace

std::optional<Format> format_from_name(std::string_view name) {
  for (const auto& [known, format] : format_names) {
    if (known == name) return format;
  }
  return std::nullopt;
}

bool check_format(Format format, std::string_view value) {
  using namespace format_detail;
  switch (format) {
    case Format::date_time: return is_date_time(value);
    case Format::date: return is_date(value);
    case Format::time: return is_time(value);
    case Format::duration: return is_duration(value);
    case Format::email: return is_email(value);
    case Format::idn_email: return is_idn_email(value);
    case Format::hostname: return is_hostname(value);
    case Format::idn_hostname: return is_idn_hostname(value);
    case Format::ipv4: return is_ipv4(value);
    case Format::ipv6: return is_ipv6(value);
    case Format::uri: return is_uri(value);
    case Format::uri_reference: return is_uri_reference(value);
    case Format::iri: return is_iri(value);
    case Format::iri_reference: return is_iri_reference(value);
    case Format::uri_template: return is_uri_template(value);
    case Format::uuid: return is_uuid(value);
    case Format::json_pointer: return is_json_pointer(value);
    case Format::relative_json_pointer: return is_relative_json_pointer(value);
    case Format::regex: return is_valid_ecma_regex(value);
  }
  return false;
}

}  // namespace toolgate::schemas
