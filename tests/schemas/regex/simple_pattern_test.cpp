// SimplePattern must agree with PCRE2 exactly on every pattern it accepts: checked on fixed cases
// and, differentially, on random subjects drawn from each pattern's own alphabet.
#include "schemas/regex/simple_pattern.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "schemas/regex/ecma_regex.hpp"

namespace toolgate::schemas {
namespace {

TEST(SimplePatternTest, AcceptsTheCommonAnchoredShapes) {
  for (const char* p : {"^[A-Z]{3}$", "^\\d{4}-\\d{2}-\\d{2}$", "^[a-z0-9_-]+$", "^[a-zA-Z0-9._]+@[a-z]+\\.[a-z]{2,}$",
                        "^\\+?[0-9]{7,15}$", "^v\\d+\\.\\d+\\.\\d+$", "^https", "^$", "^[\\w.\\-]{1,64}$"}) {
    EXPECT_TRUE(SimplePattern::parse(p)) << p;
  }
}

TEST(SimplePatternTest, LeavesEverythingElseToPcre) {
  for (const char* p : {"[A-Z]{3}",            // unanchored search
                        "^a*a$",               // greedy would be wrong
                        "^[a-z]*\\d?[a-z]$",   // an optional atom between overlapping repeats
                        "^(ab)+$", "^a|b$", "^[^a]$", "^.$", "^\\s$", "^a+?$", "^\\u0041$", "^é$", "^a$b"}) {
    EXPECT_FALSE(SimplePattern::parse(p)) << p;
  }
}

TEST(SimplePatternTest, MatchesLikePcreOnFixedCases) {
  auto p = SimplePattern::parse("^\\d{4}-\\d{2}-\\d{2}$");
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->matches("2026-11-23"));
  EXPECT_FALSE(p->matches("2026-11-233"));
  EXPECT_FALSE(p->matches("2026-1-23"));
  EXPECT_FALSE(p->matches("２０２６-11-23"));
  auto prefix = SimplePattern::parse("^ab?");
  ASSERT_TRUE(prefix);
  EXPECT_TRUE(prefix->matches("a"));
  EXPECT_TRUE(prefix->matches("acc"));
  EXPECT_FALSE(prefix->matches("ba"));
}

TEST(SimplePatternTest, AgreesWithPcreOnRandomSubjects) {
  const char* patterns[] = {"^[A-Z]{3}$", "^\\d{4}-\\d{2}-\\d{2}$", "^[a-c]+-?\\d*$", "^a?b{2,3}c*$", "^[ab]*c[ab]{0,2}$",
                            "^x{0,}y+$", "^[\\d.]{1,5}$", "^a\\.b", "^[a-]+b?$", "^\\w+$"};
  const std::string alphabet = "abcxyABZ019-._ \xc3\xa9";
  std::mt19937 rng(42);
  for (const char* text : patterns) {
    auto simple = SimplePattern::parse(text);
    ASSERT_TRUE(simple) << text;
    auto pcre = EcmaRegex::compile(text);
    ASSERT_TRUE(pcre) << text;
    for (int n = 0; n < 3000; ++n) {
      std::string subject;
      const int length = static_cast<int>(rng() % 9);
      for (int k = 0; k < length; ++k) subject += alphabet[rng() % (alphabet.size() - 2)];
      if (rng() % 10 == 0) subject += "\xc3\xa9";  // a whole non-ASCII code point
      const bool expected = pcre->search(subject) == EcmaRegex::Match::yes;
      ASSERT_EQ(simple->matches(subject), expected) << text << " on \"" << subject << "\"";
      ASSERT_EQ(pcre->search_utf8(subject) == EcmaRegex::Match::yes, expected) << text;
    }
  }
}

}  // namespace
}  // namespace toolgate::schemas
