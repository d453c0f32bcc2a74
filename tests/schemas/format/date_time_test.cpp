#include "schemas/format/date_time.hpp"

#include <gtest/gtest.h>

namespace toolgate::schemas::format_detail {
namespace {

TEST(DateFormatTest, AcceptsCalendarDates) {
  EXPECT_TRUE(is_date("2024-02-29"));
  EXPECT_TRUE(is_date("2000-02-29"));
  EXPECT_TRUE(is_date("0000-01-01"));
  EXPECT_TRUE(is_date("9999-12-31"));
}

TEST(DateFormatTest, RejectsDaysPastTheMonth) {
  EXPECT_FALSE(is_date("2023-02-29"));
  EXPECT_FALSE(is_date("1900-02-29"));
  EXPECT_FALSE(is_date("2024-04-31"));
  EXPECT_FALSE(is_date("2024-13-01"));
  EXPECT_FALSE(is_date("2024-00-10"));
}

TEST(DateFormatTest, RejectsOtherShapes) {
  EXPECT_FALSE(is_date("2024-1-01"));
  EXPECT_FALSE(is_date("2024/01/01"));
  EXPECT_FALSE(is_date("2024-01-01T"));
  EXPECT_FALSE(is_date(""));
}

TEST(TimeFormatTest, AcceptsOffsetsAndFractions) {
  EXPECT_TRUE(is_time("00:00:00Z"));
  EXPECT_TRUE(is_time("23:59:59.999+14:00"));
  EXPECT_TRUE(is_time("12:00:00.1-23:59"));
  EXPECT_TRUE(is_time("12:00:00z"));
}

TEST(TimeFormatTest, RejectsMissingOrMalformedOffsets) {
  EXPECT_FALSE(is_time("12:00:00"));
  EXPECT_FALSE(is_time("12:00:00.Z"));
  EXPECT_FALSE(is_time("12:00:00+0100"));
  EXPECT_FALSE(is_time("12:00:00+01:00Z"));
  EXPECT_FALSE(is_time("12:00:00 Z"));
}

TEST(TimeFormatTest, LeapSecondOnlyAtTheLastUtcMinute) {
  EXPECT_TRUE(is_time("23:59:60Z"));
  EXPECT_TRUE(is_time("00:59:60+01:00"));
  EXPECT_TRUE(is_time("18:29:60-05:30"));
  EXPECT_FALSE(is_time("23:59:60+00:01"));
  EXPECT_FALSE(is_time("12:00:60Z"));
  EXPECT_FALSE(is_time("23:59:61Z"));
}

TEST(DateTimeFormatTest, JoinsDateAndTime) {
  EXPECT_TRUE(is_date_time("2024-02-29T23:59:60Z"));
  EXPECT_TRUE(is_date_time("2024-02-29t12:00:00.5+01:00"));
  EXPECT_FALSE(is_date_time("2024-02-29 12:00:00Z"));
  EXPECT_FALSE(is_date_time("2023-02-29T12:00:00Z"));
  EXPECT_FALSE(is_date_time("2024-02-29T12:00:00"));
  EXPECT_FALSE(is_date_time("2024-02-29"));
}

}  // namespace
}  // namespace toolgate::schemas::format_detail
