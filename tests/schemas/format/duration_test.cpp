#include "schemas/format/duration.hpp"

#include <gtest/gtest.h>

namespace toolgate::schemas::format_detail {
namespace {

TEST(DurationFormatTest, AcceptsEachNestedForm) {
  for (const char* text : {"P1Y", "P1Y2M", "P1Y2M3D", "P2M3D", "P3D", "P1W", "PT1H", "PT1H2M", "PT1H2M3S",
                           "PT2M3S", "PT3S", "P1DT1S", "P1Y2M3DT4H5M6S"}) {
    EXPECT_TRUE(is_duration(text)) << text;
  }
}

TEST(DurationFormatTest, LetterCaseFollowsAbnf) { EXPECT_TRUE(is_duration("p1dt2h")); }

TEST(DurationFormatTest, RejectsGapsReorderingAndMixing) {
  for (const char* text : {"P1Y3D", "PT1H3S", "P3D1Y", "PT3S1H", "P1W1D", "P1WT1H", "P1DT", "PT", "P", "",
                           "P1H", "PT1Y", "P1.5D", "P-1D", "P1DT1HT1M", "P1D1D", "PT1H1H"}) {
    EXPECT_FALSE(is_duration(text)) << text;
  }
}

}  // namespace
}  // namespace toolgate::schemas::format_detail
