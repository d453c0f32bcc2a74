#include "schemas/format/email.hpp"

#include <string>

#include <gtest/gtest.h>

namespace toolgate::schemas::format_detail {
namespace {

TEST(EmailFormatTest, AcceptsMailboxes) {
  for (const char* text : {"a@b", "first.last@example.com", "!#$%&'*+-/=?^_`{|}~@example.com",
                           "\"a b\"@example.com", "\"a\\\"b\"@example.com", "\"\"@example.com", "a@[1.2.3.4]",
                           "a@[IPv6:2001:db8::1]", "a@[ipv6:::1]"}) {
    EXPECT_TRUE(is_email(text)) << text;
  }
}

TEST(EmailFormatTest, RejectsMalformedMailboxes) {
  for (const char* text : {"", "@", "a@", "@b", "a..b@c", ".a@b", "a.@b", "a b@c", "\"a@b", "\"a\"b\"@c",
                           "a@b_c", "a@-b", "a@[1.2.3]", "a@[IPv6:1.2.3.4]", "a@[2001:db8::1]",
                           "a@[tag:content]", "\xC3\xA4@example.com", "a@b\xC3\xA4.com"}) {
    EXPECT_FALSE(is_email(text)) << text;
  }
}

TEST(EmailFormatTest, LocalPartHoldsAtMostSixtyFourOctets) {
  const std::string local(64, 'a');
  EXPECT_TRUE(is_email(local + "@example.com"));
  EXPECT_FALSE(is_email(local + "a@example.com"));
}

TEST(IdnEmailFormatTest, AcceptsUtf8LocalPartsAndULabels) {
  EXPECT_TRUE(is_idn_email("\xC3\xA4@example.com"));
  EXPECT_TRUE(is_idn_email("\"\xC3\xA4 b\"@example.com"));
  EXPECT_TRUE(is_idn_email("a@b\xC3\xBC" "cher.example"));
  EXPECT_TRUE(is_idn_email("a@[1.2.3.4]"));
}

TEST(IdnEmailFormatTest, RejectsIllFormedUtf8AndBadDomains) {
  EXPECT_FALSE(is_idn_email("\xC3@example.com"));
  EXPECT_FALSE(is_idn_email("a@B\xC3\xBC" "cher.example"));
  EXPECT_FALSE(is_idn_email("a@b\xC3\xBC" "cher\xE3\x80\x82" "example"));
}

}  // namespace
}  // namespace toolgate::schemas::format_detail
