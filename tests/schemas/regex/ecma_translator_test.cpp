#include "schemas/regex/ecma_translator.hpp"

#include <gtest/gtest.h>

#include "schemas/regex/utf8.hpp"

namespace toolgate::schemas {
namespace {

std::string pcre(std::string_view pattern) {
  auto translated = translate_ecma_pattern(pattern);
  EXPECT_TRUE(translated.has_value()) << pattern << ": " << translated.error();
  return translated ? translated->text : std::string();
}

std::string error(std::string_view pattern) {
  auto translated = translate_ecma_pattern(pattern);
  EXPECT_FALSE(translated.has_value()) << pattern << " translated to " << translated->text;
  return translated ? std::string() : translated.error();
}

TEST(EcmaTranslator, SpellsAnchorsAndLiteralsForPcre2) {
  EXPECT_EQ(pcre("^ab$"), "^ab\\z");
  EXPECT_EQ(pcre("a.b"), "a[^\\n\\r\\x{2028}\\x{2029}]b");
  EXPECT_EQ(pcre("\\u00e9-"), "\\x{e9}\\-");
  EXPECT_EQ(pcre("a{2,}?"), "a{2,}?");
}

TEST(EcmaTranslator, NamedGroupsBecomeNumberedBackreferences) {
  EXPECT_EQ(pcre("\\k<x>(a)(?<x>b)"), "\\g{2}(a)(b)");
  EXPECT_EQ(pcre("(a)\\1"), "(a)\\g{1}");
}

TEST(EcmaTranslator, SurrogatePairEscapesAreOneCodePoint) {
  EXPECT_EQ(pcre("\\uD83D\\uDC32"), "\\x{1f432}");
  EXPECT_EQ(pcre("\\u{1F432}"), "\\x{1f432}");
  EXPECT_EQ(pcre("\\uD83D"), "(?:(?!))");
  EXPECT_EQ(pcre("[\\uD800-\\uDFFF]"), "(?:(?!))");
}

TEST(EcmaTranslator, EmptyClassesMatchNothingOrEverything) {
  EXPECT_EQ(pcre("[]"), "(?:(?!))");
  EXPECT_EQ(pcre("[^]"), "[\\x{0}-\\x{10ffff}]");
}

TEST(EcmaTranslator, ErrorsNameTheByteOffset) {
  EXPECT_EQ(error("^(abc]"), "lone ']' must be escaped at offset 5");
  EXPECT_EQ(error("x[abc"), "unterminated character class at offset 1");
  EXPECT_EQ(error("é\\a"), "invalid escape at offset 2");
  EXPECT_EQ(error("a**"), "nothing to repeat at offset 2");
  EXPECT_EQ(error("ab\\"), "'\\' at end of pattern at offset 2");
  EXPECT_EQ(error("(a"), "unterminated group at offset 0");
  EXPECT_EQ(error("a)"), "unmatched ')' at offset 1");
  EXPECT_EQ(error("\xff"), "invalid UTF-8 at offset 0");
}

TEST(EcmaTranslator, ReportsValidPatternsPcre2CannotRun) {
  auto big = translate_ecma_pattern("a{70000}");
  ASSERT_TRUE(big.has_value());
  EXPECT_EQ(big->unsupported, "repeat count above 65535 at offset 1");
  auto nfkc = translate_ecma_pattern("\\p{CWKCF}");
  ASSERT_TRUE(nfkc.has_value());
  EXPECT_FALSE(nfkc->unsupported.empty());
}

TEST(Utf8, RoundTripsAndRejectsMalformedText) {
  auto decoded = decode_utf8("a\xc3\xa9\xf0\x9f\x90\xb2");
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->cps, (std::u32string{U'a', U'\u00e9', U'\U0001F432'}));
  EXPECT_EQ(decoded->offsets, (std::vector<std::size_t>{0, 1, 3, 7}));
  EXPECT_EQ(encode_utf8(decoded->cps), "a\xc3\xa9\xf0\x9f\x90\xb2");
  EXPECT_FALSE(decode_utf8("\xc0\x80").has_value());      // overlong
  EXPECT_FALSE(decode_utf8("\xed\xa0\x80").has_value());  // surrogate
  EXPECT_FALSE(decode_utf8("\xf0\x9f\x90").has_value());  // truncated
}

}  // namespace
}  // namespace toolgate::schemas
