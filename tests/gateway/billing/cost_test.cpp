// Cost arithmetic at GLM-5.2 prices ($1.40 input, $0.26 cached input, $4.40 output per million).
#include "gateway/billing/cost.hpp"

#include <gtest/gtest.h>

namespace toolgate::gateway::billing {
namespace {

const Price kGlm52{"USD", 1.40, 0.26, 4.40};

TEST(Cost, OneMillionOfEach) {
  const Cost c = compute_cost(backend::Usage{2'000'000, 1'000'000, 1'000'000, 250'000}, kGlm52);
  EXPECT_EQ(c.currency, "USD");
  EXPECT_DOUBLE_EQ(c.input, 1.40);
  EXPECT_DOUBLE_EQ(c.cached_input, 0.26);
  EXPECT_DOUBLE_EQ(c.output, 4.40);  // reasoning tokens are already inside completion tokens
  EXPECT_DOUBLE_EQ(c.total, 6.06);
}

TEST(Cost, TypicalRequest) {
  // 120 prompt tokens of which 96 cached, 30 completion tokens.
  const Cost c = compute_cost(backend::Usage{120, 96, 30, 4}, kGlm52);
  EXPECT_DOUBLE_EQ(c.input, 0.0000336);
  EXPECT_DOUBLE_EQ(c.cached_input, 0.00002496);
  EXPECT_DOUBLE_EQ(c.output, 0.000132);
  EXPECT_DOUBLE_EQ(c.total, 0.00019056);
}

TEST(Cost, ZeroUsageIsFree) {
  const Cost c = compute_cost(backend::Usage{}, kGlm52);
  EXPECT_EQ(c.total, 0.0);
  EXPECT_EQ(c.input, 0.0);
}

TEST(Cost, CachedBeyondPromptIsClamped) {
  const Cost c = compute_cost(backend::Usage{100, 500, 0, 0}, kGlm52);
  EXPECT_DOUBLE_EQ(c.input, 0.0);
  EXPECT_DOUBLE_EQ(c.cached_input, 100 * 0.26 / 1e6);
}

TEST(Cost, CurrencyFollowsPrice) {
  const Cost c = compute_cost(backend::Usage{1'000'000, 0, 0, 0}, Price{"EUR", 2.0, 0.5, 8.0});
  EXPECT_EQ(c.currency, "EUR");
  EXPECT_DOUBLE_EQ(c.total, 2.0);
}

}  // namespace
}  // namespace toolgate::gateway::billing
