#include "gateway/upstream/completion_decoder.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/gateway/upstream/event_text.hpp"

namespace toolgate::gateway::upstream {
namespace {

using ::testing::ElementsAre;
using ::testing::MatchesRegex;

std::vector<std::string> decode(std::string_view json) {
  std::vector<backend::Event> out;
  decode_completion(json, out);
  return testing::to_text(out);
}

TEST(CompletionDecoder, ToolCallWithReasoningAndUsage) {
  EXPECT_THAT(decode(R"({"id":"chatcmpl-7f3","object":"chat.completion","created":1763900000,"model":"glm-5",
 "choices":[{"index":0,"finish_reason":"tool_calls","logprobs":null,
   "message":{"role":"assistant","content":null,"refusal":null,"reasoning_content":"User wants weather.",
     "tool_calls":[{"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":"{\"city\": \"Paris\"}"}},
                   {"type":"function","function":{"name":"get_time","arguments":""}}]}}],
 "usage":{"prompt_tokens":120,"completion_tokens":30,"total_tokens":150,
   "prompt_tokens_details":{"cached_tokens":96},"completion_tokens_details":{"reasoning_tokens":4}},
 "request_id":"20251123-abc"})"),
              ElementsAre("R:User wants weather.", "B0:call_abc:get_weather", R"(A0:{"city": "Paris"})",
                          MatchesRegex("B1:call_[0-9a-f]{24}:get_time"), "A1:{}", "U:120/96/30/4",
                          "F:tool_calls"));
}

TEST(CompletionDecoder, TextWithVllmReasoningAndContextOverflow) {
  EXPECT_THAT(decode(R"({"choices":[{"index":0,"finish_reason":"model_context_window_exceeded",
      "message":{"role":"assistant","content":"Hi","reasoning":"think"}}],
      "usage":{"prompt_tokens":3,"completion_tokens":1,"prompt_tokens_details":null}})"),
              ElementsAre("R:think", "T:Hi", "U:3/0/1/0", "F:length"));
}

TEST(CompletionDecoder, FinishWithoutCallsIsStop) {
  EXPECT_THAT(decode(R"({"choices":[{"index":0,"finish_reason":"tool_calls","message":{"content":"x","tool_calls":[]}}]})"),
              ElementsAre("T:x", "F:stop"));
  EXPECT_THAT(decode(R"({"choices":[{"index":0,"finish_reason":null,"message":{"content":"x"}}]})"),
              ElementsAre("T:x", "F:stop"));
}

TEST(CompletionDecoder, Errors) {
  EXPECT_THAT(decode("<html>"), ElementsAre("E:upstream_error:upstream sent an invalid completion body"));
  EXPECT_THAT(decode(R"({"error":{"message":"nope"}})"), ElementsAre("E:upstream_error:nope"));
  EXPECT_THAT(decode(R"({"choices":[]})"), ElementsAre("E:upstream_error:upstream completion has no choices"));
  EXPECT_THAT(decode(R"({"choices":[{"index":0,"finish_reason":"network_error","message":{"content":"a"}}]})"),
              ElementsAre("T:a", "E:upstream_error:upstream reported finish_reason network_error"));
  EXPECT_THAT(decode(R"({"choices":[{"index":0,"message":{"tool_calls":[{"id":"c","function":{"arguments":"{}"}}]}}]})"),
              ElementsAre("E:upstream_error:upstream sent tool call 0 without a function name"));
}

}  // namespace
}  // namespace toolgate::gateway::upstream
