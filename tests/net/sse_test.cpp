#include "net/sse.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace toolgate::net {
namespace {

using namespace std::string_view_literals;

std::vector<SseEvent> decode_all(std::string_view stream) {
  SseDecoder decoder;
  std::vector<SseEvent> out;
  EXPECT_TRUE(decoder.feed(stream, out));
  return out;
}

TEST(SseDecoder, AllLineEndingsGiveTheSameEvents) {
  for (const std::string eol : {"\n", "\r", "\r\n"}) {
    const std::string stream = "event: delta" + eol + "data: one" + eol + "data: two" + eol + eol + "data: three" +
                               eol + eol;
    auto events = decode_all(stream);
    ASSERT_EQ(events.size(), 2u) << "eol=" << testing::PrintToString(eol);
    EXPECT_EQ(events[0].event, "delta");
    EXPECT_EQ(events[0].data, "one\ntwo");
    EXPECT_EQ(events[1].event, "");
    EXPECT_EQ(events[1].data, "three");
  }
}

TEST(SseDecoder, CommentsFieldsWithoutColonIdAndRetry) {
  auto events = decode_all(
      ": heartbeat\n\n"
      "id: 7\nretry: 1500\ndata\n\n"
      "data:no-space\ndata:  two-spaces\nunknown: x\n\n"
      "retry: 12x\nid: 8\0x\ndata: y\n\n"sv);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].data, "");
  EXPECT_EQ(events[0].id, "7");
  EXPECT_EQ(events[0].retry, 1500u);
  EXPECT_EQ(events[1].data, "no-space\n two-spaces");
  EXPECT_EQ(events[1].id, "7");  // the last event id persists
  EXPECT_FALSE(events[1].retry.has_value());
  EXPECT_EQ(events[2].id, "7");  // an id containing NUL is ignored
  EXPECT_FALSE(events[2].retry.has_value());
}

TEST(SseDecoder, BlankBlocksAndUnterminatedEventsDispatchNothing) {
  EXPECT_TRUE(decode_all("\n\n\nevent: x\n\n").empty());
  EXPECT_TRUE(decode_all("data: pending").empty());
  EXPECT_TRUE(decode_all("data: pending\n").empty());
}

TEST(SseDecoder, ByteOrderMarkIsSkippedOnlyAtStart) {
  auto events = decode_all("\xEF\xBB\xBF" "data: a\n\n");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].data, "a");

  SseDecoder split;
  std::vector<SseEvent> out;
  EXPECT_TRUE(split.feed("\xEF", out));
  EXPECT_TRUE(split.feed("\xBB", out));
  EXPECT_TRUE(split.feed("\xBF" "data: b\n\n", out));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].data, "b");
}

TEST(SseDecoder, EverySplitPointGivesTheSameEvents) {
  const std::string stream =
      "\xEF\xBB\xBF: comment\r\n"
      "event: chunk\r\ndata: {\"a\":1}\r\n\r\n"
      "data: line1\rdata: line2\r\r"
      "id: 42\ndata: [DONE]\n\n";
  const auto expected = decode_all(stream);
  ASSERT_EQ(expected.size(), 3u);
  EXPECT_EQ(expected[0].data, "{\"a\":1}");
  EXPECT_EQ(expected[1].data, "line1\nline2");
  EXPECT_EQ(expected[2].data, "[DONE]");
  EXPECT_EQ(expected[2].id, "42");

  for (std::size_t a = 0; a <= stream.size(); ++a) {
    for (std::size_t b = a; b <= stream.size(); ++b) {
      SseDecoder decoder;
      std::vector<SseEvent> out;
      ASSERT_TRUE(decoder.feed(std::string_view(stream).substr(0, a), out));
      ASSERT_TRUE(decoder.feed(std::string_view(stream).substr(a, b - a), out));
      ASSERT_TRUE(decoder.feed(std::string_view(stream).substr(b), out));
      ASSERT_EQ(out.size(), expected.size()) << "split at " << a << "," << b;
      for (std::size_t i = 0; i < out.size(); ++i) {
        EXPECT_EQ(out[i].event, expected[i].event);
        EXPECT_EQ(out[i].data, expected[i].data) << "split at " << a << "," << b;
        EXPECT_EQ(out[i].id, expected[i].id);
      }
    }
  }
}

TEST(SseDecoder, ByteAtATimeCrLfAcrossFeeds) {
  const std::string stream = "data: x\r\n\r\ndata: y\r\n\r\n";
  SseDecoder decoder;
  std::vector<SseEvent> out;
  for (char c : stream) {
    ASSERT_TRUE(decoder.feed(std::string_view(&c, 1), out));
  }
  ASSERT_EQ(out.size(), 2u);  // a CR then LF in separate feeds is one line end, not two
  EXPECT_EQ(out[0].data, "x");
  EXPECT_EQ(out[1].data, "y");
}

TEST(SseDecoder, EventOverTheLimitFailsAndStaysFailed) {
  SseDecoder decoder(16);
  std::vector<SseEvent> out;
  EXPECT_TRUE(decoder.feed("data: 0123456789\n\n", out));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_FALSE(decoder.feed("data: 0123456789\ndata: 0123456789\n\n", out));
  EXPECT_FALSE(decoder.feed("data: a\n\n", out));
  EXPECT_EQ(out.size(), 1u);

  SseDecoder unterminated(16);
  EXPECT_FALSE(unterminated.feed(std::string(64, 'x'), out));  // one endless line
}

TEST(SseEncoders, RoundTripThroughTheDecoder) {
  EXPECT_EQ(sse_data("{\"x\":1}"), "data: {\"x\":1}\n\n");
  EXPECT_EQ(sse_data("a\nb\r\nc"), "data: a\ndata: b\ndata: c\n\n");
  EXPECT_EQ(sse_event("message", "hi"), "event: message\ndata: hi\n\n");
  EXPECT_EQ(sse_event("bad\nname", "hi"), "event: badname\ndata: hi\n\n");
  EXPECT_EQ(sse_comment("ping"), ": ping\n\n");

  auto events = decode_all(sse_comment("keepalive") + sse_event("endpoint", "/messages?s=1") + sse_data("l1\nl2") +
                           sse_data(""));
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].event, "endpoint");
  EXPECT_EQ(events[0].data, "/messages?s=1");
  EXPECT_EQ(events[1].data, "l1\nl2");
  EXPECT_EQ(events[2].data, "");
}

}  // namespace
}  // namespace toolgate::net
