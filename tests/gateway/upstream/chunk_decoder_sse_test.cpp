// Replays a recorded upstream stream through SseDecoder + ChunkDecoder split at every byte, so
// chunk-boundary bugs (the most common class of GLM streaming bugs) cannot hide.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "gateway/upstream/chunk_decoder.hpp"
#include "net/sse.hpp"
#include "tests/gateway/upstream/event_text.hpp"

namespace toolgate::gateway::upstream {
namespace {

using ::testing::ElementsAre;

// A Z.AI-shaped stream: reasoning, text with multi-byte UTF-8, a name split across deltas, a
// fragmented call, a whole call, finish, usage; CRLF line ends in one event and a comment line.
const std::string kRecorded =
    "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}],\"usage\":null}\n\n"
    "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"Need \\u00e9 tools\"},\"finish_reason\":null}]}\n\n"
    ": keep-alive\n\n"
    "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Caf\xC3\xA9 \xF0\x9F\x98\x80\"},\"finish_reason\":null}]}\r\n\r\n"
    "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"get_\"}}]},\"finish_reason\":null}]}\n\n"
    "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\": \\\"\"}}]},\"finish_reason\":null}]}\n\n"
    "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"Paris\\\"}\"}}]},\"finish_reason\":null}]}\n\n"
    "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"arguments\":\"{}\"}}]},\"finish_reason\":null}]}\n\n"
    "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n"
    "data: {\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":30,\"prompt_tokens_details\":{\"cached_tokens\":96},\"completion_tokens_details\":{\"reasoning_tokens\":4}}}\n\n"
    "data: [DONE]\n\n";

// Feeds `pieces` in order, stopping at [DONE] like the driver does.
std::vector<std::string> replay(const std::vector<std::string_view>& pieces) {
  net::SseDecoder sse;
  ChunkDecoder decoder;
  std::vector<net::SseEvent> frames;
  std::vector<backend::Event> events;
  for (auto piece : pieces) {
    frames.clear();
    EXPECT_TRUE(sse.feed(piece, frames));
    for (const auto& f : frames) {
      if (f.data == "[DONE]") {
        decoder.finish(events);
        return testing::to_text(events);
      }
      decoder.on_chunk(f.data, events);
    }
  }
  ADD_FAILURE() << "no [DONE]";
  return testing::to_text(events);
}

TEST(ChunkDecoderSse, WholeStream) {
  EXPECT_THAT(replay({kRecorded}),
              ElementsAre("R:Need \xC3\xA9 tools", "T:Caf\xC3\xA9 \xF0\x9F\x98\x80",
                          "B0:call_a:get_weather", R"(A0:{"city": ")", R"(A0:Paris"})",
                          "B1:call_b:get_time", "A1:{}", "U:120/96/30/4", "F:tool_calls"));
}

TEST(ChunkDecoderSse, EverySplitPointGivesIdenticalEvents) {
  const auto expected = replay({kRecorded});
  const std::string_view all = kRecorded;
  for (std::size_t i = 0; i <= all.size(); ++i) {
    ASSERT_EQ(replay({all.substr(0, i), all.substr(i)}), expected) << "split at byte " << i;
  }
}

TEST(ChunkDecoderSse, ByteByByte) {
  std::vector<std::string_view> bytes;
  const std::string_view all = kRecorded;
  for (std::size_t i = 0; i < all.size(); ++i) bytes.push_back(all.substr(i, 1));
  EXPECT_EQ(replay(bytes), replay({kRecorded}));
}

}  // namespace
}  // namespace toolgate::gateway::upstream
