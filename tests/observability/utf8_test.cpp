#include "observability/utf8.hpp"

#include <string>

#include <gtest/gtest.h>

namespace toolgate::observability {
namespace {

std::string repaired(std::string_view text) {
  std::string out;
  append_utf8_repaired(out, text);
  return out;
}

TEST(Utf8, AcceptsWellFormedText) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ascii"));
  EXPECT_TRUE(is_valid_utf8("\xC2\x80"));              // U+0080
  EXPECT_TRUE(is_valid_utf8("\xE0\xA0\x80"));          // U+0800
  EXPECT_TRUE(is_valid_utf8("\xED\x9F\xBF"));          // U+D7FF, last before surrogates
  EXPECT_TRUE(is_valid_utf8("\xF0\x90\x80\x80"));      // U+10000
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));      // U+10FFFF
  EXPECT_TRUE(is_valid_utf8("日本語 🙂"));
}

TEST(Utf8, RejectsIllFormedText) {
  EXPECT_FALSE(is_valid_utf8("\x80"));                 // stray continuation
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));             // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));         // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));         // surrogate U+D800
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));     // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));
  EXPECT_FALSE(is_valid_utf8("\xE6\x97"));             // truncated
  EXPECT_FALSE(is_valid_utf8("\xFF"));
}

TEST(Utf8, RepairReplacesEachBrokenRunOnce) {
  EXPECT_EQ(repaired("ok"), "ok");
  EXPECT_EQ(repaired("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(repaired("\xE6\x97" "x"), "\xEF\xBF\xBD" "x");
  EXPECT_EQ(repaired("\xED\xA0\x80"), "\xEF\xBF\xBD");
  EXPECT_EQ(repaired("日\xFF本"), "日\xEF\xBF\xBD本");
  EXPECT_TRUE(is_valid_utf8(repaired("\xC0\xAF\xF5\x80\xFE\xE0\x80")));
}

}  // namespace
}  // namespace toolgate::observability
