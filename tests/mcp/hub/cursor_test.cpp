#include "mcp/hub/cursor.hpp"

#include <gtest/gtest.h>

namespace toolgate::mcp {
namespace {

TEST(HubCursorTest, RoundTripsEveryUpstreamCursorUntouched) {
  for (const HubCursor& c : {HubCursor{"github", ""}, HubCursor{"fs", "eyJwYWdlIjoyfQ=="},
                             HubCursor{"odd name/ä", std::string("\0\x01\"\\ cursor", 12)}}) {
    const std::string text = encode_cursor(c);
    EXPECT_EQ(text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos);
    auto back = decode_cursor(text);
    ASSERT_TRUE(back) << text;
    EXPECT_EQ(back->server, c.server);
    EXPECT_EQ(back->upstream_cursor, c.upstream_cursor);
  }
}

TEST(HubCursorTest, AnythingElseIsAnInvalidCursor) {
  const std::string good = encode_cursor(HubCursor{"s", "c"});
  for (const std::string& bad : {std::string(""), std::string("!!!!"), std::string("a"), good.substr(0, good.size() - 1),
                                 good + "A", std::string(9000, 'A'),
                                 encode_cursor(HubCursor{"", "c"})}) {
    auto r = decode_cursor(bad);
    EXPECT_FALSE(r) << bad;
  }
  EXPECT_EQ(decode_cursor("e30").error(), "cursor is not one this gateway issued");  // "{}"
}

}  // namespace
}  // namespace toolgate::mcp
