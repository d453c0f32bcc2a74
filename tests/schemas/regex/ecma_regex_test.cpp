#include "schemas/regex/ecma_regex.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace toolgate::schemas {
namespace {

using Match = EcmaRegex::Match;

Match search(std::string_view pattern, std::string_view subject) {
  auto regex = EcmaRegex::compile(pattern);
  EXPECT_TRUE(regex.has_value()) << pattern << ": " << (regex ? "" : regex.error());
  return regex ? regex->search(subject) : Match::limit_exceeded;
}

bool matches(std::string_view pattern, std::string_view subject) {
  return search(pattern, subject) == Match::yes;
}

std::string compile_error(std::string_view pattern) {
  auto regex = EcmaRegex::compile(pattern);
  EXPECT_FALSE(regex.has_value()) << pattern << " compiled";
  return regex ? std::string() : regex.error();
}

TEST(EcmaRegex, DigitsAreAsciiOnly) {
  EXPECT_TRUE(matches("^\\d+$", "0123456789"));
  EXPECT_FALSE(matches("^\\d$", "\u0663"));  // ARABIC-INDIC DIGIT THREE
  EXPECT_TRUE(matches("^\\D$", "\u0663"));
  EXPECT_FALSE(matches("^[\\d]$", "\u0663"));
}

TEST(EcmaRegex, WordCharactersAndBoundariesAreAscii) {
  EXPECT_TRUE(matches("^\\w+$", "azAZ09_"));
  EXPECT_FALSE(matches("^\\w$", "\u00e9"));
  EXPECT_TRUE(matches("^\\W$", "\u00e9"));
  EXPECT_TRUE(matches("caf\\b", "caf\u00e9"));  // é is not a word character
  EXPECT_FALSE(matches("\\Bx", "x"));
}

TEST(EcmaRegex, WhitespaceIsTheEcmaSet) {
  const char* spaces[] = {"\t", "\n", "\v", "\f", "\r", " ", "\u00a0", "\u1680", "\u2000",
                          "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000", "\ufeff"};
  for (const char* space : spaces) {
    EXPECT_TRUE(matches("^\\s$", space)) << space;
    EXPECT_TRUE(matches("^[\\s]$", space)) << space;
    EXPECT_FALSE(matches("^\\S$", space)) << space;
    EXPECT_FALSE(matches("^[\\S]$", space)) << space;
    EXPECT_FALSE(matches("^[^\\s]$", space)) << space;
  }
  for (const char* other : {"\u180e", "\u200b", "\u0085", "x"}) {
    EXPECT_FALSE(matches("^\\s$", other)) << other;
    EXPECT_TRUE(matches("^\\S$", other)) << other;
    EXPECT_TRUE(matches("^[\\S]$", other)) << other;
  }
}

TEST(EcmaRegex, DotExcludesOnlyLineTerminators) {
  for (const char* terminator : {"\n", "\r", "\u2028", "\u2029"}) {
    EXPECT_FALSE(matches("^.$", terminator)) << terminator;
  }
  for (const char* other : {"\t", "\u0085", "\v", "\U0001F432"}) {
    EXPECT_TRUE(matches("^.$", other)) << other;
  }
}

TEST(EcmaRegex, AnchorsAreSubjectStartAndVeryEnd) {
  EXPECT_TRUE(matches("^abc$", "abc"));
  EXPECT_FALSE(matches("^abc$", "abc\n"));
  EXPECT_FALSE(matches("^b", "a\nb"));
  EXPECT_FALSE(matches("a$", "a\nb"));
  EXPECT_TRUE(matches("b", "abc"));  // unanchored search
}

TEST(EcmaRegex, NonEcmaEscapesAreErrors) {
  for (const char* pattern : {"\\a", "\\Z", "\\z", "\\A", "\\e", "\\G", "\\h", "\\K", "\\Q",
                              "\\_", "\\-", "\\ ", "\\c1", "\\x4", "\\u12", "\\01", "[\\B]",
                              "[\\1]", "\\u{110000}"}) {
    EXPECT_FALSE(is_valid_ecma_regex(pattern)) << pattern;
    EXPECT_NE(compile_error(pattern).find(" at offset "), std::string::npos) << pattern;
  }
  EXPECT_TRUE(matches("^[\\-]$", "-"));  // \- is allowed inside a class
  EXPECT_TRUE(matches("^\\/\\.\\*$", "/.*"));
}

TEST(EcmaRegex, CharacterEscapes) {
  EXPECT_TRUE(matches("^\\cC$", "\x03"));
  EXPECT_TRUE(matches("^\\cc$", "\x03"));
  EXPECT_TRUE(matches("^[\\cA]$", "\x01"));
  EXPECT_TRUE(matches("^\\t\\n\\v\\f\\r$", "\t\n\v\f\r"));
  EXPECT_TRUE(matches("^\\x41\\0$", std::string_view("A\0", 2)));
  EXPECT_TRUE(matches("^[\\b]$", "\b"));
}

TEST(EcmaRegex, UnicodeEscapesAndAstralCodePoints) {
  EXPECT_TRUE(matches("^\\u00e9$", "\u00e9"));
  EXPECT_TRUE(matches("^\\u{1F432}$", "\U0001F432"));
  EXPECT_TRUE(matches("^\\uD83D\\uDC32$", "\U0001F432"));
  EXPECT_TRUE(matches("^\\uD83D\\uDC32{2}$", "\U0001F432\U0001F432"));
  EXPECT_TRUE(matches("^.{2}$", "\U0001F432\U0001F432"));
  EXPECT_TRUE(matches("^[\\uD83D\\uDC32]$", "\U0001F432"));
  EXPECT_TRUE(matches("^[\\u{1F400}-\\u{1F4FF}]$", "\U0001F432"));
  // A lone surrogate cannot occur in UTF-8, so it never matches; its negation matches anything.
  EXPECT_FALSE(matches("\\uD83D", "\U0001F432"));
  EXPECT_TRUE(matches("^[^\\uD83D]$", "\U0001F432"));
}

TEST(EcmaRegex, UnicodePropertyEscapes) {
  EXPECT_TRUE(matches("\\p{Letter}cole", "\u00e9cole"));
  EXPECT_TRUE(matches("^\\p{Lu}$", "\u00c9"));
  EXPECT_TRUE(matches("^\\p{Uppercase_Letter}$", "\u00c9"));
  EXPECT_TRUE(matches("^\\p{General_Category=Decimal_Number}$", "\u0663"));
  EXPECT_TRUE(matches("^\\p{digit}+$", "\u0663\u0664"));
  EXPECT_TRUE(matches("^\\p{Script=Greek}$", "\u03b1"));
  EXPECT_FALSE(matches("^\\p{sc=Greek}$", "a"));
  EXPECT_TRUE(matches("^\\p{scx=Grek}$", "\u03b1"));
  EXPECT_TRUE(matches("^\\P{L}$", "1"));
  EXPECT_TRUE(matches("^[\\p{Lu}\\d]+$", "A1\u00c9"));
  EXPECT_FALSE(matches("^[^\\p{Lu}]$", "A"));
  EXPECT_TRUE(matches("^\\p{Alphabetic}$", "\u00e9"));
  EXPECT_TRUE(matches("^\\p{Any}$", "\U0001F432"));
  EXPECT_TRUE(matches("^\\P{Assigned}$", "\u0378"));
  EXPECT_FALSE(matches("^\\p{Assigned}$", "\u0378"));
  for (const char* pattern : {"\\p{letter}", "\\p{Greek}", "\\p{Script=Nope}", "\\p{Foo=L}",
                              "\\p", "\\p{L", "\\p{}", "[\\p{L}-z]"}) {
    EXPECT_FALSE(is_valid_ecma_regex(pattern)) << pattern;
  }
}

TEST(EcmaRegex, Lookaround) {
  EXPECT_TRUE(matches("a(?=b)", "ab"));
  EXPECT_FALSE(matches("a(?=b)", "ac"));
  EXPECT_TRUE(matches("a(?!b)", "ac"));
  EXPECT_TRUE(matches("(?<=a)b", "ab"));
  EXPECT_FALSE(matches("(?<=a)b", "cb"));
  EXPECT_TRUE(matches("(?<!a)b", "cb"));
  EXPECT_TRUE(matches("(?<=ab|c)d", "abd"));
  EXPECT_FALSE(is_valid_ecma_regex("(?=a)*"));
  EXPECT_FALSE(is_valid_ecma_regex("(?<=a)+"));
}

TEST(EcmaRegex, VariableLengthLookbehindIsValidButNotSupported) {
  EXPECT_TRUE(is_valid_ecma_regex("(?<=a+)b"));
  EXPECT_NE(compile_error("(?<=a+)b").find("variable-length lookbehind"), std::string::npos);
}

TEST(EcmaRegex, Backreferences) {
  EXPECT_TRUE(matches("^(a|b)\\1$", "aa"));
  EXPECT_FALSE(matches("^(a|b)\\1$", "ab"));
  EXPECT_TRUE(matches("^(?<x>a|b)\\k<x>$", "bb"));
  EXPECT_FALSE(matches("^(?<x>a|b)\\k<x>$", "ba"));
  EXPECT_TRUE(matches("^(?<\\u{3b1}>a)\\k<\\u03b1>$", "aa"));
  // ECMA-262: a reference to a group that has not matched matches the empty string.
  EXPECT_TRUE(matches("^\\k<x>(?<x>a)$", "a"));
  EXPECT_TRUE(matches("^(?:(a)|b)\\1$", "b"));
  EXPECT_FALSE(is_valid_ecma_regex("\\2(a)"));
  EXPECT_FALSE(is_valid_ecma_regex("\\k<y>(?<x>a)"));
  EXPECT_FALSE(is_valid_ecma_regex("(?<x>a)(?<x>b)"));
  EXPECT_FALSE(is_valid_ecma_regex("(?<1x>a)"));
  EXPECT_FALSE(is_valid_ecma_regex("\\k"));
}

TEST(EcmaRegex, QuantifiersGreedyAndLazy) {
  EXPECT_TRUE(matches("^a{2,3}$", "aaa"));
  EXPECT_FALSE(matches("^a{2,3}$", "aaaa"));
  EXPECT_TRUE(matches("^a{2,}$", "aaaaa"));
  EXPECT_TRUE(matches("^a+?b$", "aaab"));
  EXPECT_TRUE(matches("^(?:ab)*?$", "abab"));
  EXPECT_FALSE(is_valid_ecma_regex("a{2,1}"));
  EXPECT_TRUE(is_valid_ecma_regex("a{70000}"));
  EXPECT_NE(compile_error("a{70000}").find("repeat count above 65535"), std::string::npos);
}

TEST(EcmaRegex, CharacterClasses) {
  EXPECT_TRUE(matches("^[a-c]+$", "abcab"));
  EXPECT_TRUE(matches("^[\\]]$", "]"));
  EXPECT_TRUE(matches("^[a\\-z]$", "-"));
  EXPECT_TRUE(matches("^[a-]$", "-"));
  EXPECT_TRUE(matches("^[-a]$", "-"));
  EXPECT_TRUE(matches("^[[]$", "["));
  EXPECT_TRUE(matches("^[.]$", "."));
  EXPECT_FALSE(matches("^[.]$", "x"));
  EXPECT_FALSE(matches("[]", "anything"));
  EXPECT_TRUE(matches("^[^]$", "\n"));
  EXPECT_FALSE(is_valid_ecma_regex("[z-a]"));
  EXPECT_FALSE(is_valid_ecma_regex("[\\d-z]"));
  EXPECT_FALSE(is_valid_ecma_regex("[a-\\w]"));
}

TEST(EcmaRegex, InvalidPatternsNameTheProblemAndOffset) {
  EXPECT_EQ(compile_error("^(abc]"), "lone ']' must be escaped at offset 5");
  EXPECT_EQ(compile_error("a**"), "nothing to repeat at offset 2");
  EXPECT_EQ(compile_error("abc\\"), "'\\' at end of pattern at offset 3");
  EXPECT_EQ(compile_error("a{2,1}"), "numbers out of order in {} quantifier at offset 1");
  EXPECT_EQ(compile_error("x{"), "incomplete quantifier at offset 1");
  EXPECT_EQ(compile_error("{x"), "lone '{' must be escaped at offset 0");
  EXPECT_EQ(compile_error("(?P<n>x)"), "invalid group at offset 0");
  for (const char* pattern : {"(", ")", "[", "}", "]", "{1}", "*", "a|*", "(?#c)a", "(?i)abc",
                              "(?ims)abc", "(?P=n)", "(?i:a)", "^*", "$+", "\\b*", "a{,2}"}) {
    EXPECT_FALSE(is_valid_ecma_regex(pattern)) << pattern;
    EXPECT_NE(compile_error(pattern).find(" at offset "), std::string::npos) << pattern;
  }
  EXPECT_FALSE(is_valid_ecma_regex("\xff"));
}

TEST(EcmaRegex, ValidPatternsFromTheFormatSuite) {
  for (const char* pattern : {"([abc])+\\s+$", "(?<name>x)", "(?<n>a)\\k<n>", "[]", "[^]", "\\cA",
                              "", "a|", "()", "(?:)", "^$"}) {
    EXPECT_TRUE(is_valid_ecma_regex(pattern)) << pattern;
  }
}

TEST(EcmaRegex, SubjectsThatAreNotUtf8MatchNothing) {
  EXPECT_EQ(search("^.*$", "\xff\xfe"), Match::no);
  EXPECT_EQ(search("a", "\xff" "a"), Match::no);
  EXPECT_EQ(search("^\\S+$", "\xc3"), Match::no);
  EXPECT_EQ(search("", "\xed\xa0\x80"), Match::no);   // encoded surrogate
  EXPECT_EQ(search("", "\xc0\x80"), Match::no);        // overlong NUL
  EXPECT_EQ(search("^a$", "a"), Match::yes);
}

double elapsed_ms(std::chrono::steady_clock::time_point start) {
  const auto elapsed = std::chrono::steady_clock::now() - start;
  return std::chrono::duration<double, std::milli>(elapsed).count();
}

TEST(EcmaRegex, CatastrophicBacktrackingHitsTheLimitQuickly) {
  const std::pair<const char*, std::string> hostile[] = {
      {"(a+)+$", std::string(30, 'a') + "!"},
      {"(a+)+$", std::string(100000, 'a') + "!"},
      {"^(a|a)*$", std::string(40, 'a') + "!"},
      {"^(\\w+\\s?)*$", std::string(40, 'x') + "!"},
      {"(x+x+)+y", std::string(40, 'x') + "zy"},
      {"^(a|aa)*(b|ab)*c$", std::string(60, 'a') + std::string(60, 'b') + "xc"},
  };
  for (const auto& [pattern, subject] : hostile) {
    auto regex = EcmaRegex::compile(pattern);
    ASSERT_TRUE(regex.has_value()) << pattern;
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(regex->search(subject), Match::limit_exceeded) << pattern;
    // A few milliseconds on a normal machine; the bound leaves room for sanitizers and load.
    EXPECT_LT(elapsed_ms(start), 250.0) << pattern;
  }
}

TEST(EcmaRegex, LongBenignSubjectsStayWithinTheLimit) {
  EXPECT_EQ(search("^[a-z]+$", std::string(1 << 20, 'q')), Match::yes);
  std::string pairs;
  for (int i = 0; i < 20000; ++i) pairs += "ab";
  EXPECT_EQ(search("^(?:ab)*$", pairs), Match::yes);
  EXPECT_EQ(search("^[^@]+@[^@]+\\.[a-z]{2,}$", std::string(100000, 'u') + "@example.com"),
            Match::yes);
  EXPECT_EQ(search("^(a|b)*$", std::string(50000, 'a')), Match::yes);
}

TEST(EcmaRegex, RepetitionDeeperThanTheStackReportsTheLimit) {
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(search("^(a|b)*$", std::string(4 << 20, 'a')), Match::limit_exceeded);
  EXPECT_LT(elapsed_ms(start), 250.0);
}

TEST(EcmaRegex, HugePatternsFailToCompileQuickly) {
  std::string alternatives;
  for (int i = 0; i < 5000; ++i) alternatives += "word" + std::to_string(i) + "|";
  const std::string nested = "(?:(?:(?:a{1000}){1000}){1000})";
  for (const std::string& pattern : {nested, alternatives}) {
    const auto start = std::chrono::steady_clock::now();
    EXPECT_NE(compile_error(pattern).find("regular expression is too large"), std::string::npos);
    EXPECT_LT(elapsed_ms(start), 250.0);
  }
}

TEST(EcmaRegex, OneRegexSharedByManyThreads) {
  auto regex = EcmaRegex::compile("^(?<word>\\p{L}+)-\\k<word>$");
  ASSERT_TRUE(regex.has_value());
  const EcmaRegex shared = *regex;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&shared, &wrong, t] {
      const EcmaRegex local = shared;  // copies share the compiled code
      const std::string word = std::string(static_cast<std::size_t>(t + 1), 'x') + "\u00e9";
      for (int i = 0; i < 2000; ++i) {
        const EcmaRegex& regex = (i % 2 == 0) ? shared : local;
        if (regex.search(word + "-" + word) != Match::yes) ++wrong;
        if (regex.search(word + "-" + word + "y") != Match::no) ++wrong;
        if (regex.search(std::string(30, 'a') + "!") != Match::no) ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST(EcmaRegex, CopiesShareTheSource) {
  auto regex = EcmaRegex::compile("a+");
  ASSERT_TRUE(regex.has_value());
  const EcmaRegex copy = *regex;
  EXPECT_EQ(&copy.source(), &regex->source());
  EXPECT_EQ(copy.source(), "a+");
}

}  // namespace
}  // namespace toolgate::schemas
