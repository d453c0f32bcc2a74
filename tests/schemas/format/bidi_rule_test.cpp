#include "schemas/format/bidi_rule.hpp"

#include <gtest/gtest.h>

namespace toolgate::schemas::format_detail {
namespace {

// U+05D0/U+05D1 are Hebrew letters (R), U+0628 an Arabic letter (AL), U+0660 an Arabic-Indic
// digit (AN), U+0301 a combining acute accent (NSM).

TEST(BidiRuleFormatTest, DetectsRightToLeftLabels) {
  EXPECT_TRUE(is_rtl_label(U"a\u05D0"));
  EXPECT_TRUE(is_rtl_label(U"\u0660"));
  EXPECT_FALSE(is_rtl_label(U"abc-1"));
}

TEST(BidiRuleFormatTest, AcceptsWellFormedLabels) {
  EXPECT_TRUE(satisfies_bidi_rule(U"\u05D0\u05D1"));
  EXPECT_TRUE(satisfies_bidi_rule(U"\u0628\u0660"));
  EXPECT_TRUE(satisfies_bidi_rule(U"\u05D01"));
  EXPECT_TRUE(satisfies_bidi_rule(U"\u05D0\u0301"));
  EXPECT_TRUE(satisfies_bidi_rule(U"a1"));
  EXPECT_TRUE(satisfies_bidi_rule(U"a\u0301"));
}

TEST(BidiRuleFormatTest, RejectsEachCondition) {
  EXPECT_FALSE(satisfies_bidi_rule(U"1a"));               // 1: must start L, R or AL
  EXPECT_FALSE(satisfies_bidi_rule(U"\u05D0a"));          // 2: L inside a RTL label
  EXPECT_FALSE(satisfies_bidi_rule(U"\u05D0-"));          // 3: RTL label ends in ES
  EXPECT_FALSE(satisfies_bidi_rule(U"\u05D01\u0660"));    // 4: EN and AN together
  EXPECT_FALSE(satisfies_bidi_rule(U"a\u05D0"));          // 5: R inside a LTR label
  EXPECT_FALSE(satisfies_bidi_rule(U"a-"));               // 6: LTR label ends in ES
  EXPECT_FALSE(satisfies_bidi_rule(U""));
}

}  // namespace
}  // namespace toolgate::schemas::format_detail
