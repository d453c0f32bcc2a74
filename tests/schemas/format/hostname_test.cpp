#include "schemas/format/hostname.hpp"

#include <string>

#include <gtest/gtest.h>

namespace toolgate::schemas::format_detail {
namespace {

TEST(HostnameFormatTest, AcceptsLdhLabels) {
  EXPECT_TRUE(is_hostname("example.com"));
  EXPECT_TRUE(is_hostname("a"));
  EXPECT_TRUE(is_hostname("EXAMPLE.Com"));
  EXPECT_TRUE(is_hostname("1-2-3.x"));
}

TEST(HostnameFormatTest, RejectsBadLabels) {
  for (const char* text : {"", ".", "a..b", "a.", ".a", "-a", "a-", "a_b", "a b", "ex\xC3\xA4mple.com"}) {
    EXPECT_FALSE(is_hostname(text)) << text;
  }
}

TEST(HostnameFormatTest, EnforcesLengthLimits) {
  const std::string label63(63, 'a');
  EXPECT_TRUE(is_hostname(label63));
  EXPECT_FALSE(is_hostname(label63 + "a"));
  // 4 labels of 63 plus 3 dots is 255 octets: over the 253 a name may have.
  const std::string name = label63 + "." + label63 + "." + label63 + "." + label63.substr(0, 61);
  EXPECT_EQ(name.size(), 253u);
  EXPECT_TRUE(is_hostname(name));
  EXPECT_FALSE(is_hostname(name + "a"));
}

TEST(HostnameFormatTest, ChecksALabels) {
  EXPECT_TRUE(is_hostname("xn--bcher-kva.example"));
  EXPECT_TRUE(is_hostname("XN--BCHER-KVA.example"));
  EXPECT_FALSE(is_hostname("xn--bcher.example"));
  EXPECT_FALSE(is_hostname("xn--.example"));
  EXPECT_FALSE(is_hostname("xn--abc-"));
}

TEST(HostnameFormatTest, AppliesBidiRuleAcrossLabels) {
  // xn--4db is U+05D0 HEBREW LETTER ALEF, which makes the name a Bidi domain name.
  EXPECT_TRUE(is_hostname("a0.xn--4db"));
  EXPECT_FALSE(is_hostname("0a.xn--4db"));
  EXPECT_TRUE(is_hostname("0a.example"));
}

TEST(IdnHostnameFormatTest, AcceptsULabelsAndIdeographicDots) {
  EXPECT_TRUE(is_idn_hostname("b\xC3\xBC" "cher.example"));
  EXPECT_TRUE(is_idn_hostname("b\xC3\xBC" "cher\xE3\x80\x82" "example"));
  EXPECT_TRUE(is_idn_hostname("xn--bcher-kva.example"));
}

TEST(IdnHostnameFormatTest, RejectsIdnaViolations) {
  // Upper case is DISALLOWED in a U-label (RFC 5892: it changes under case folding).
  EXPECT_FALSE(is_idn_hostname("B\xC3\xBC" "cher.example"));
  // "u" followed by U+0308 COMBINING DIAERESIS is not in Normalization Form C.
  EXPECT_FALSE(is_idn_hostname("bu\xCC\x88" "cher.example"));
  EXPECT_FALSE(is_idn_hostname("\xC3\xBC" "-"));
  EXPECT_FALSE(is_idn_hostname("\xE3\x80\x82"));
  EXPECT_FALSE(is_idn_hostname("a\xFF" "b"));
}

TEST(DomainNameFormatTest, MailDomainsNormalizeAndUseOnlyFullStops) {
  const DomainRules mail{.unicode_labels = true, .ideographic_dots = false, .normalize_nfc = true};
  EXPECT_TRUE(is_domain_name("bu\xCC\x88" "cher.example", mail));
  EXPECT_FALSE(is_domain_name("b\xC3\xBC" "cher\xE3\x80\x82" "example", mail));
}

}  // namespace
}  // namespace toolgate::schemas::format_detail
