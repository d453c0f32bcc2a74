#include "schemas/format/uri.hpp"

#include <gtest/gtest.h>

namespace toolgate::schemas::format_detail {
namespace {

TEST(UriFormatTest, AcceptsAbsoluteUris) {
  for (const char* text : {"a:", "a:b", "http://h", "http://h:", "http://h:8080/p?q#f", "http://u:p@h/",
                           "http://[::1]:80/", "http://[v7.a:b]/", "http://[V1.fe]", "http://h/%41%6a",
                           "x-y.z+w:/p", "http://h?#", "mailto:a@b", "urn:a:b:c", "http://h/a?b/c?d#e/f?g"}) {
    EXPECT_TRUE(is_uri(text)) << text;
  }
}

TEST(UriFormatTest, RejectsReferencesAndMalformedParts) {
  for (const char* text : {"", "/p", "//h/", "p", ":x", "1a:b", "a_b:c", "http://h:80a/", "http://h:1:2/",
                           "http://a@b@c/", "http://[::1]x/", "http://[::1", "http://[1.2.3.4]/",
                           "http://[v.a]/", "http://[v1.]/", "http://[fe80::1%25eth0]/", "http://h/%4",
                           "http://h/%G1", "http://h/a b", "http://h/#a#b", "http://h/\xC3\xA4", "http://h/\\"}) {
    EXPECT_FALSE(is_uri(text)) << text;
  }
}

TEST(UriReferenceFormatTest, AcceptsRelativeReferences) {
  for (const char* text : {"", "p", "/p", "//h", "//h/p", "?q", "#f", "./a:b", "a/b:c", "../x", "//"}) {
    EXPECT_TRUE(is_uri_reference(text)) << text;
  }
}

TEST(UriReferenceFormatTest, RejectsColonInFirstSegment) {
  EXPECT_FALSE(is_uri_reference("1:b"));
  EXPECT_FALSE(is_uri_reference("a b:c"));
}

TEST(IriFormatTest, AcceptsUcscharAndPrivateUseInQuery) {
  EXPECT_TRUE(is_iri("http://\xC3\xA4.example/\xC3\xB6?\xC3\xBC#\xC3\x9F"));
  EXPECT_TRUE(is_iri("http://u\xC3\xA4@h/"));
  // U+E000 (private use) is allowed only in the query.
  EXPECT_TRUE(is_iri("http://h/?\xEE\x80\x80"));
  EXPECT_FALSE(is_iri("http://h/\xEE\x80\x80"));
  EXPECT_FALSE(is_iri("http://h/#\xEE\x80\x80"));
}

TEST(IriFormatTest, RejectsNonUcscharAndNonAsciiOutsideAllowedParts) {
  // U+FFFE is a noncharacter and U+0085 a C1 control: neither is ucschar.
  EXPECT_FALSE(is_iri("http://h/\xEF\xBF\xBE"));
  EXPECT_FALSE(is_iri("http://h/\xC2\x85"));
  EXPECT_FALSE(is_iri("h\xC3\xA4:x"));
  EXPECT_FALSE(is_iri("http://h:8\xC3\xA4/"));
  EXPECT_FALSE(is_iri("http://h/\xC3"));
}

TEST(IriReferenceFormatTest, AcceptsRelativeIris) {
  EXPECT_TRUE(is_iri_reference("\xC3\xA4"));
  EXPECT_TRUE(is_iri_reference("#\xC3\xA4"));
  EXPECT_FALSE(is_iri_reference("\\\\h\\x"));
}

}  // namespace
}  // namespace toolgate::schemas::format_detail
