#include "schemas/format/ip_address.hpp"

#include <gtest/gtest.h>

namespace toolgate::schemas::format_detail {
namespace {

TEST(Ipv4FormatTest, AcceptsDottedQuads) {
  EXPECT_TRUE(is_ipv4("0.0.0.0"));
  EXPECT_TRUE(is_ipv4("255.255.255.255"));
  EXPECT_TRUE(is_ipv4("10.0.100.1"));
}

TEST(Ipv4FormatTest, RejectsOtherNotations) {
  for (const char* text : {"01.2.3.4", "1.2.3.04", "256.1.1.1", "1.2.3", "1.2.3.4.5", "1..2.3", "1.2.3.4.",
                           "0x1.2.3.4", "1.2.3.4/8", "", "1234.1.1.1"}) {
    EXPECT_FALSE(is_ipv4(text)) << text;
  }
}

TEST(Ipv6FormatTest, AcceptsRfc4291Forms) {
  for (const char* text : {"::", "::1", "1::", "1:2:3:4:5:6:7:8", "1::8", "1:2:3:4:5:6::8", "1::3:4:5:6:7:8",
                           "::ffff:1.2.3.4", "1:2:3:4:5:6:1.2.3.4", "ABCD:ef01::", "fe80::1:2"}) {
    EXPECT_TRUE(is_ipv6(text)) << text;
  }
}

TEST(Ipv6FormatTest, RejectsMalformedForms) {
  for (const char* text : {":", ":::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1::2::3", "1:2:3:4:5:6:7::8",
                           "12345::", "::1.2.3.4:1", "1.2.3.4::", "::1.2.3", "::01.2.3.4", "fe80::1%eth0",
                           "[::1]", "::g", "1:2:3:4:5:6:7:1.2.3.4"}) {
    EXPECT_FALSE(is_ipv6(text)) << text;
  }
}

}  // namespace
}  // namespace toolgate::schemas::format_detail
