#include "gateway/upstream/chunk_decoder.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/gateway/upstream/event_text.hpp"

namespace toolgate::gateway::upstream {
namespace {

using ::testing::ElementsAre;
using ::testing::MatchesRegex;
using testing::to_text;

std::string chunk(std::string_view delta, std::string_view finish = "null") {
  return R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":)" +
         std::string(delta) + R"(,"finish_reason":)" + std::string(finish) + "}]}";
}

std::string tool(std::string_view calls) { return chunk(R"({"tool_calls":)" + std::string(calls) + "}"); }

std::vector<std::string> decode(const std::vector<std::string>& chunks) {
  ChunkDecoder decoder;
  std::vector<backend::Event> out;
  for (const auto& c : chunks) decoder.on_chunk(c, out);
  decoder.finish(out);
  return to_text(out);
}

const std::string kUsage =
    R"({"id":"chatcmpl-1","choices":[],"usage":{"prompt_tokens":120,"completion_tokens":30,"total_tokens":150,"prompt_tokens_details":{"cached_tokens":96},"completion_tokens_details":{"reasoning_tokens":4}}})";

TEST(ChunkDecoder, TextDropsEmptyDeltasAndPutsUsageBeforeFinish) {
  EXPECT_THAT(decode({chunk(R"({"role":"assistant","content":""})"), chunk(R"({"content":"Hel"})"),
                      chunk(R"({"content":null})"), chunk(R"({"content":"lo"})"),
                      chunk("{}", R"("stop")"), kUsage}),
              ElementsAre("T:Hel", "T:lo", "U:120/96/30/4", "F:stop"));
}

TEST(ChunkDecoder, ReasoningUnderEitherNameAndNeverTwice) {
  EXPECT_THAT(decode({chunk(R"({"reasoning_content":"a"})"), chunk(R"({"reasoning":"b"})"),
                      chunk(R"({"reasoning_content":"c","reasoning":"c"})"),
                      chunk(R"({"content":"d"})", R"("stop")")}),
              ElementsAre("R:a", "R:b", "R:c", "T:d", "F:stop"));
}

TEST(ChunkDecoder, FragmentedToolCall) {
  EXPECT_THAT(
      decode({tool(R"([{"index":0,"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":""}}])"),
              tool(R"([{"index":0,"function":{"arguments":"{\"city\": \""}}])"),
              tool(R"([{"index":0,"function":{"arguments":"Paris\"}"}}])"),
              chunk("{}", R"("tool_calls")"), kUsage}),
      ElementsAre("B0:call_abc:get_weather", R"(A0:{"city": ")", R"(A0:Paris"})", "U:120/96/30/4",
                  "F:tool_calls"));
}

TEST(ChunkDecoder, WholeCallInOneDelta) {
  EXPECT_THAT(decode({tool(R"([{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}])"),
                      chunk("{}", R"("tool_calls")")}),
              ElementsAre("B0:call_1:f", R"(A0:{"a":1})", "F:tool_calls"));
}

TEST(ChunkDecoder, ParallelCallsGetDenseIndexesInOrderOfAppearance) {
  EXPECT_THAT(
      decode({tool(R"([{"index":3,"id":"c3","function":{"name":"a","arguments":"{"}}])"),
              tool(R"([{"index":7,"id":"c7","function":{"name":"b","arguments":"{}"}}])"),
              tool(R"([{"index":3,"function":{"arguments":"}"}}])"),
              chunk("{}", R"("tool_calls")")}),
      ElementsAre("B0:c3:a", "A0:{", "B1:c7:b", "A1:{}", "A0:}", "F:tool_calls"));
}

TEST(ChunkDecoder, NameSplitAcrossDeltasGoesOutWholeOnce) {
  EXPECT_THAT(decode({tool(R"([{"index":0,"id":"call_1","type":"function","function":{"name":"run_in"}}])"),
                      tool(R"([{"index":0,"function":{"name":"_terminal"}}])"),
                      tool(R"([{"index":0,"function":{"arguments":"{\"cmd\":\"ls\"}"}}])"),
                      chunk("{}", R"("tool_calls")")}),
              ElementsAre("B0:call_1:run_in_terminal", R"(A0:{"cmd":"ls"})", "F:tool_calls"));
}

TEST(ChunkDecoder, SplitNameOfOneCallIsFlushedWhenTheNextCallStarts) {
  EXPECT_THAT(decode({tool(R"([{"index":0,"id":"x","function":{"name":"get_"}}])"),
                      tool(R"([{"index":0,"function":{"name":"time"}}])"),
                      tool(R"([{"index":1,"id":"y","function":{"name":"g","arguments":"{}"}}])"),
                      chunk("{}", R"("tool_calls")")}),
              ElementsAre("B0:x:get_time", "B1:y:g", "A1:{}", "A0:{}", "F:tool_calls"));
}

TEST(ChunkDecoder, RepeatedIdentityIsNotReEmitted) {
  // vllm #44098: the last chunk re-sends id/type/name together with arguments and finish_reason.
  EXPECT_THAT(
      decode({tool(R"([{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":""}}])"),
              tool(R"([{"index":0,"id":"call_1","type":"function","function":{"name":"f"}}])"),
              tool(R"([{"index":0,"function":{"arguments":"{\"a\":"}}])"),
              chunk(R"({"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":"1}"}}]})",
                    R"("tool_calls")")}),
      ElementsAre("B0:call_1:f", R"(A0:{"a":)", "A0:1}", "F:tool_calls"));
}

TEST(ChunkDecoder, MissingIdIsGenerated) {
  auto events = decode({tool(R"([{"function":{"name":"f","arguments":"{}"}}])"),
                        chunk("{}", R"("tool_calls")")});
  ASSERT_EQ(events.size(), 3u);
  EXPECT_THAT(events[0], MatchesRegex("B0:call_[0-9a-f]{24}:f"));
}

TEST(ChunkDecoder, ZeroArgumentCallGetsEmptyObject) {
  EXPECT_THAT(decode({tool(R"([{"index":0,"id":"c","function":{"name":"get_time","arguments":""}}])"),
                      chunk("{}", R"("tool_calls")")}),
              ElementsAre("B0:c:get_time", "A0:{}", "F:tool_calls"));
}

TEST(ChunkDecoder, NamelessCallIsAnError) {
  EXPECT_THAT(decode({tool(R"([{"index":0,"id":"c","function":{"arguments":"{}"}}])")}),
              ElementsAre("E:upstream_error:upstream sent tool call 0 without a function name"));
}

struct FinishCase {
  std::string reason;
  bool with_call;
  std::string expected;
};

class ChunkDecoderFinish : public ::testing::TestWithParam<FinishCase> {};

TEST_P(ChunkDecoderFinish, Normalised) {
  const auto& c = GetParam();
  std::vector<std::string> chunks;
  if (c.with_call) {
    chunks.push_back(tool(R"([{"index":0,"id":"c","function":{"name":"f","arguments":"{}"}}])"));
  } else {
    chunks.push_back(chunk(R"({"content":"x"})"));
  }
  chunks.push_back(chunk("{}", "\"" + c.reason + "\""));
  EXPECT_EQ(decode(chunks).back(), c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Reasons, ChunkDecoderFinish,
    ::testing::Values(FinishCase{"stop", false, "F:stop"}, FinishCase{"stop", true, "F:tool_calls"},
                      FinishCase{"length", false, "F:length"},
                      FinishCase{"model_context_window_exceeded", false, "F:length"},
                      FinishCase{"tool_calls", false, "F:stop"},
                      FinishCase{"tool_calls", true, "F:tool_calls"},
                      FinishCase{"function_call", true, "F:tool_calls"},
                      FinishCase{"content_filter", false, "F:content_filter"},
                      FinishCase{"sensitive", false, "F:content_filter"},
                      FinishCase{"something_new", false, "F:stop"},
                      FinishCase{"network_error", false,
                                 "E:upstream_error:upstream reported finish_reason network_error"}));

TEST(ChunkDecoder, UsageVariants) {
  // vLLM: prompt_tokens_details null; some servers: flat cached_tokens; floats tolerated.
  EXPECT_THAT(decode({chunk(R"({"content":"x"})", R"("stop")"),
                      R"({"choices":[],"usage":{"prompt_tokens":10,"completion_tokens":2,"prompt_tokens_details":null}})"}),
              ElementsAre("T:x", "U:10/0/2/0", "F:stop"));
  EXPECT_THAT(decode({chunk(R"({"content":"x"})", R"("stop")"),
                      R"({"choices":[],"usage":{"prompt_tokens":10.0,"completion_tokens":2,"cached_tokens":7}})"}),
              ElementsAre("T:x", "U:10/7/2/0", "F:stop"));
}

TEST(ChunkDecoder, LastUsageWins) {
  EXPECT_THAT(decode({R"({"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}],"usage":{"prompt_tokens":5,"completion_tokens":1}})",
                      R"({"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":2}})"}),
              ElementsAre("T:a", "U:5/0/2/0", "F:stop"));
}

TEST(ChunkDecoder, ErrorChunkEndsTheStream) {
  EXPECT_THAT(decode({chunk(R"({"content":"a"})"),
                      R"({"error":{"message":"overloaded","type":"server_error","code":1305}})",
                      chunk(R"({"content":"ignored"})", R"("stop")")}),
              ElementsAre("T:a", "E:upstream_error:overloaded"));
  EXPECT_THAT(decode({R"({"object":"error","message":"bad","type":"BadRequestError","code":400})"}),
              ElementsAre("E:upstream_error:bad"));
  EXPECT_THAT(decode({"{not json"}), ElementsAre("E:upstream_error:upstream sent an invalid stream chunk"));
}

TEST(ChunkDecoder, ErrorCodeAndParamAreKept) {
  ChunkDecoder decoder;
  std::vector<backend::Event> out;
  decoder.on_chunk(R"({"error":{"message":"m","param":"tools","code":1214}})", out);
  ASSERT_EQ(out.size(), 1u);
  const auto& e = std::get<backend::Error>(out[0]);
  EXPECT_EQ(e.param, "tools");
  EXPECT_EQ(e.code, "1214");
  EXPECT_TRUE(decoder.done());
}

TEST(ChunkDecoder, ErrorEvent) {
  ChunkDecoder decoder;
  std::vector<backend::Event> out;
  decoder.on_error_event(R"({"message":"quota"})", out);
  decoder.finish(out);
  EXPECT_THAT(to_text(out), ElementsAre("E:upstream_error:quota"));
}

TEST(ChunkDecoder, EndWithoutFinishReason) {
  EXPECT_THAT(decode({chunk(R"({"role":"assistant","content":""})")}),
              ElementsAre("E:upstream_error:upstream stream ended prematurely"));
  EXPECT_THAT(decode({}), ElementsAre("E:upstream_error:upstream stream ended prematurely"));
  // Content then [DONE] without a finish_reason: the reason follows from what was produced.
  EXPECT_THAT(decode({chunk(R"({"content":"a"})")}), ElementsAre("T:a", "F:stop"));
}

TEST(ChunkDecoder, OtherChoicesAreIgnored) {
  EXPECT_THAT(decode({R"({"choices":[{"index":1,"delta":{"content":"no"},"finish_reason":null},{"index":0,"delta":{"content":"yes"},"finish_reason":"stop"}]})"}),
              ElementsAre("T:yes", "F:stop"));
}

TEST(ChunkDecoder, HasFinishReasonTracksTheUpstream) {
  ChunkDecoder decoder;
  std::vector<backend::Event> out;
  decoder.on_chunk(chunk(R"({"content":"a"})"), out);
  EXPECT_FALSE(decoder.has_finish_reason());
  decoder.on_chunk(chunk("{}", R"("length")"), out);
  EXPECT_TRUE(decoder.has_finish_reason());
  EXPECT_FALSE(decoder.done());
  decoder.finish(out);
  EXPECT_TRUE(decoder.done());
  EXPECT_THAT(to_text(out), ElementsAre("T:a", "F:length"));
}

}  // namespace
}  // namespace toolgate::gateway::upstream
