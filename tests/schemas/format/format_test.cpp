#include "schemas/format/format.hpp"

#include <gtest/gtest.h>

namespace toolgate::schemas {
namespace {

TEST(FormatTest, MapsEveryKnownName) {
  const std::pair<const char*, Format> names[] = {
      {"date-time", Format::date_time}, {"date", Format::date}, {"time", Format::time},
      {"duration", Format::duration}, {"email", Format::email}, {"idn-email", Format::idn_email},
      {"hostname", Format::hostname}, {"idn-hostname", Format::idn_hostname}, {"ipv4", Format::ipv4},
      {"ipv6", Format::ipv6}, {"uri", Format::uri}, {"uri-reference", Format::uri_reference},
      {"iri", Format::iri}, {"iri-reference", Format::iri_reference}, {"uri-template", Format::uri_template},
      {"uuid", Format::uuid}, {"json-pointer", Format::json_pointer},
      {"relative-json-pointer", Format::relative_json_pointer}, {"regex", Format::regex},
  };
  for (const auto& [name, format] : names) EXPECT_EQ(format_from_name(name), format) << name;
}

TEST(FormatTest, UnknownNamesHaveNoChecker) {
  EXPECT_EQ(format_from_name("unknown"), std::nullopt);
  EXPECT_EQ(format_from_name("Date-Time"), std::nullopt);
  EXPECT_EQ(format_from_name(""), std::nullopt);
}

TEST(FormatTest, DispatchesToEachFamily) {
  const std::pair<Format, const char*> valid[] = {
      {Format::date_time, "2024-01-01T00:00:00Z"}, {Format::date, "2024-01-01"}, {Format::time, "00:00:00Z"},
      {Format::duration, "P1D"}, {Format::email, "a@b.c"}, {Format::idn_email, "\xC3\xA4@b.c"},
      {Format::hostname, "b.c"}, {Format::idn_hostname, "\xC3\xA4.c"}, {Format::ipv4, "1.2.3.4"},
      {Format::ipv6, "::1"}, {Format::uri, "a:b"}, {Format::uri_reference, "b"}, {Format::iri, "a:\xC3\xA4"},
      {Format::iri_reference, "\xC3\xA4"}, {Format::uri_template, "{a}"},
      {Format::uuid, "00000000-0000-0000-0000-000000000000"}, {Format::json_pointer, "/a"},
      {Format::relative_json_pointer, "0#"}, {Format::regex, "^a+$"},
  };
  for (const auto& [format, text] : valid) {
    EXPECT_TRUE(check_format(format, text)) << text;
    EXPECT_FALSE(check_format(format, "\\\\ [(")) << text;
  }
}

}  // namespace
}  // namespace toolgate::schemas
