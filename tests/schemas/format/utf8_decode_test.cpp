#include "schemas/format/utf8_decode.hpp"

#include <gtest/gtest.h>

namespace toolgate::schemas::format_detail {
namespace {

TEST(Utf8DecodeFormatTest, DecodesEachSequenceLength) {
  EXPECT_EQ(decode_utf8_all("a\xC3\xA4\xE2\x82\xAC\xF0\x9F\x98\x80"), std::u32string(U"a\u00E4\u20AC\U0001F600"));
  EXPECT_EQ(decode_utf8_all("\xF4\x8F\xBF\xBF"), std::u32string(U"\U0010FFFF"));
}

TEST(Utf8DecodeFormatTest, RejectsIllFormedSequences) {
  for (const char* text : {"\x80", "\xC3", "\xC0\x80", "\xE0\x80\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                           "\xF8\x88\x80\x80\x80", "\xC3\x28"}) {
    EXPECT_FALSE(decode_utf8_all(text).has_value()) << testing::PrintToString(text);
  }
}

TEST(Utf8DecodeFormatTest, AdvancesPastOneCodePoint) {
  std::size_t pos = 1;
  EXPECT_EQ(decode_utf8("a\xE2\x82\xAC" "b", pos), std::optional<char32_t>(U'\u20AC'));
  EXPECT_EQ(pos, 4u);
}

}  // namespace
}  // namespace toolgate::schemas::format_detail
