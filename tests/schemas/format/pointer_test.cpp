#include "schemas/format/pointer.hpp"

#include <gtest/gtest.h>

namespace toolgate::schemas::format_detail {
namespace {

TEST(JsonPointerFormatTest, AcceptsRfc6901Pointers) {
  for (const char* text : {"", "/", "//", "/a~0b~1c", "/~01", "/0/-", "/a b", "/\xF0\x9F\x98\x8E"}) {
    EXPECT_TRUE(is_json_pointer(text)) << text;
  }
}

TEST(JsonPointerFormatTest, RejectsBadEscapesAndRelativeForms) {
  for (const char* text : {"a", "#/a", "/~", "/~2", "/a~", "/~~0", "/\xC3"}) {
    EXPECT_FALSE(is_json_pointer(text)) << text;
  }
}

TEST(RelativeJsonPointerFormatTest, AcceptsPrefixShiftAndTail) {
  for (const char* text : {"0", "0#", "1/a", "10/a/b", "0+1", "2-3/a", "1+10#", "0//"}) {
    EXPECT_TRUE(is_relative_json_pointer(text)) << text;
  }
}

TEST(RelativeJsonPointerFormatTest, RejectsMalformedPrefixes) {
  for (const char* text : {"", "#", "/a", "00", "01", "-1", "+1", "0+", "0+0", "0-01", "0#/a", "0##", "1a",
                           "0~"}) {
    EXPECT_FALSE(is_relative_json_pointer(text)) << text;
  }
}

}  // namespace
}  // namespace toolgate::schemas::format_detail
