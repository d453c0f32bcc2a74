#include "schemas/format/uri_template.hpp"

#include <gtest/gtest.h>

namespace toolgate::schemas::format_detail {
namespace {

TEST(UriTemplateFormatTest, AcceptsLevelFourSyntax) {
  for (const char* text : {"", "http://h/{a}", "{+a}{#b}{.c}{/d}{;e}{?f}{&g}", "{a,b*,c:3}", "{a.b_c%20}",
                           "{var:9999}", "x{a}y{b}z", "/{a}?\xC3\xA4", "\xC3\xA4{a}", "{=a}"}) {
    EXPECT_TRUE(is_uri_template(text)) << text;
  }
}

TEST(UriTemplateFormatTest, RejectsMalformedExpressions) {
  for (const char* text : {"{", "}", "{a", "{}", "{+}", "{a,}", "{,+a}", "{\xC3\xA4}", "{a.}", "{a..b}", "{a*:3}",
                           "{a:}", "{a:0}", "{a:10000}", "{a b}", "{%4}", "{a}}", "a<b", "a\"b", "a|b",
                           "a%4", "a%zz", "\xC3", "a\x7F"}) {
    EXPECT_FALSE(is_uri_template(text)) << text;
  }
}

}  // namespace
}  // namespace toolgate::schemas::format_detail
