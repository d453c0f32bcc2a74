#include "schemas/format/uuid.hpp"

#include <gtest/gtest.h>

namespace toolgate::schemas::format_detail {
namespace {

TEST(UuidFormatTest, AcceptsHyphenatedHexInEitherCase) {
  EXPECT_TRUE(is_uuid("123e4567-e89b-12d3-a456-426614174000"));
  EXPECT_TRUE(is_uuid("123E4567-E89B-12D3-A456-426614174000"));
  EXPECT_TRUE(is_uuid("ffffffff-ffff-ffff-ffff-ffffffffffff"));
}

TEST(UuidFormatTest, RejectsOtherShapes) {
  for (const char* text : {"", "123e4567e89b12d3a456426614174000", "{123e4567-e89b-12d3-a456-426614174000}",
                           "123e4567-e89b-12d3-a456-42661417400", "123e4567-e89b-12d3-a456-4266141740000",
                           "123e4567-e89b-12d3-a456_426614174000", "g23e4567-e89b-12d3-a456-426614174000"}) {
    EXPECT_FALSE(is_uuid(text)) << text;
  }
}

}  // namespace
}  // namespace toolgate::schemas::format_detail
