// Aggregator tests: the same scenarios as the stream encoder, checked on the chat.completion body.
#include "gateway/openai/response_aggregator.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/gateway/openai/sse_frames.hpp"

namespace toolgate::gateway::openai {
namespace {

using namespace backend;
using testing::parse_object;

const CompletionMeta kMeta{"chatcmpl-1", 1700000000, "glm-5"};
const billing::Price kGlm52{"USD", 1.40, 0.26, 4.40};

ResponseAggregator run(const std::vector<Event>& events) {
  ResponseAggregator agg(kMeta, kGlm52);
  for (const auto& e : events) agg.on_event(e);
  return agg;
}

boost::json::object message_of(const boost::json::object& body) {
  return body.at("choices").at(0).at("message").as_object();
}

TEST(ResponseAggregator, TextBodyByteExactPrefix) {
  const auto agg = run({TextDelta{"Hel"}, TextDelta{"lo"}, Usage{10, 4, 2, 0}, Finish{}});
  ASSERT_TRUE(agg.finished());
  EXPECT_FALSE(agg.error().has_value());
  const std::string body = agg.body();
  const std::string prefix =
      R"({"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"glm-5","choices":[{"index":0,"message":{"role":"assistant","content":"Hello","refusal":null},"finish_reason":"stop","logprobs":null}],"usage":{"prompt_tokens":10,"completion_tokens":2,"total_tokens":12,"prompt_tokens_details":{"cached_tokens":4},"completion_tokens_details":{"reasoning_tokens":0},"cost":{"currency":"USD",)";
  EXPECT_EQ(body.substr(0, prefix.size()), prefix);
  const auto cost = parse_object(body).at("usage").at("cost").as_object();
  EXPECT_DOUBLE_EQ(cost.at("total").as_double(), (6 * 1.40 + 4 * 0.26 + 2 * 4.40) / 1e6);
  EXPECT_EQ(agg.finish_reason(), std::optional<FinishReason>(FinishReason::stop));
}

TEST(ResponseAggregator, ReasoningIsSeparateAndOnlyWhenPresent) {
  const auto with = parse_object(run({ReasoningDelta{"hmm "}, ReasoningDelta{"ok"}, TextDelta{"42"}, Finish{}}).body());
  EXPECT_EQ(message_of(with).at("reasoning_content"), "hmm ok");
  EXPECT_EQ(message_of(with).at("content"), "42");
  const auto without = parse_object(run({TextDelta{"42"}, Finish{}}).body());
  EXPECT_FALSE(message_of(without).contains("reasoning_content"));
  EXPECT_FALSE(message_of(without).contains("tool_calls"));
}

TEST(ResponseAggregator, ParallelToolCalls) {
  const auto agg = run({ReasoningDelta{"Two calls."}, ToolCallBegin{0, "call_a", "get_weather"},
                        ToolCallArgs{0, R"({"city": ")"}, ToolCallArgs{0, R"(Paris"})"},
                        ToolCallBegin{1, "call_b", "now"}, Usage{120, 96, 30, 4}, Finish{FinishReason::stop}});
  const auto body = parse_object(agg.body());
  const auto message = message_of(body);
  EXPECT_TRUE(message.at("content").is_null()) << "no text with tool calls → null content";
  const auto& calls = message.at("tool_calls").as_array();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(boost::json::serialize(calls[0]),
            R"({"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\"city\": \"Paris\"}"}})");
  EXPECT_EQ(boost::json::serialize(calls[1]),
            R"({"id":"call_b","type":"function","function":{"name":"now","arguments":"{}"}})");
  EXPECT_EQ(body.at("choices").at(0).at("finish_reason"), "tool_calls");
  EXPECT_EQ(body.at("usage").at("prompt_tokens_details").at("cached_tokens"), 96);
  EXPECT_EQ(body.at("usage").at("completion_tokens_details").at("reasoning_tokens"), 4);
  EXPECT_EQ(agg.finish_reason(), std::optional<FinishReason>(FinishReason::tool_calls));
}

TEST(ResponseAggregator, TextAndToolCallsKeepsContent) {
  const auto body = parse_object(run({TextDelta{"Checking."}, ToolCallBegin{0, "c", "f"}, ToolCallArgs{0, "{}"},
                                      Finish{FinishReason::length}}).body());
  EXPECT_EQ(message_of(body).at("content"), "Checking.");
  EXPECT_EQ(body.at("choices").at(0).at("finish_reason"), "length");
}

TEST(ResponseAggregator, EmptyTextWithoutCallsIsEmptyString) {
  const auto body = parse_object(run({Finish{FinishReason::tool_calls}}).body());
  EXPECT_EQ(message_of(body).at("content"), "");
  EXPECT_EQ(body.at("choices").at(0).at("finish_reason"), "stop");
  EXPECT_EQ(body.at("usage").at("total_tokens"), 0);
  EXPECT_EQ(body.at("usage").at("cost").at("total").as_double(), 0.0);
}

TEST(ResponseAggregator, ErrorTerminal) {
  auto agg = run({TextDelta{"partial"}, Error{ErrorKind::unavailable, "engine busy", "", ""}});
  EXPECT_TRUE(agg.finished());
  ASSERT_TRUE(agg.error().has_value());
  EXPECT_EQ(agg.error()->status, 503u);
  EXPECT_EQ(agg.error()->message, "engine busy");
  EXPECT_EQ(agg.body(), "");
  EXPECT_FALSE(agg.finish_reason().has_value());
  agg.on_event(Finish{});
  EXPECT_FALSE(agg.finish_reason().has_value()) << "events after the terminal are ignored";
}

TEST(ResponseAggregator, NotFinishedHasNoBody) {
  const auto agg = run({TextDelta{"x"}});
  EXPECT_FALSE(agg.finished());
  EXPECT_EQ(agg.body(), "");
}

TEST(ResponseAggregator, EventsAfterFinishIgnored) {
  auto agg = run({TextDelta{"a"}, Finish{}});
  agg.on_event(TextDelta{"b"});
  agg.on_event(Usage{5, 0, 5, 0});
  EXPECT_EQ(message_of(parse_object(agg.body())).at("content"), "a");
  EXPECT_FALSE(agg.usage().has_value());
}

}  // namespace
}  // namespace toolgate::gateway::openai
