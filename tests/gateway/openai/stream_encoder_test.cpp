// Stream encoder tests: byte-exact chunk sequences for text, reasoning, tool calls with and
// without tool_stream, usage, mid-stream errors and finish-reason normalisation, plus a shape
// check of every frame parsed back with Boost.JSON.
#include "gateway/openai/stream_encoder.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/gateway/openai/sse_frames.hpp"

namespace toolgate::gateway::openai {
namespace {

using namespace backend;
using testing::parse_object;
using testing::sse_payloads;

const CompletionMeta kMeta{"chatcmpl-1", 1700000000, "glm-5"};
const billing::Price kGlm52{"USD", 1.40, 0.26, 4.40};

constexpr std::string_view kHead =
    R"(data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"glm-5","choices":[{"index":0,"delta":)";

// One expected delta frame: `delta` JSON, finish_reason null, optional "usage":null.
std::string frame(std::string_view delta, bool usage_null = false) {
  return std::string(kHead) + std::string(delta) + R"(,"finish_reason":null,"logprobs":null}])" +
         (usage_null ? R"(,"usage":null)" : "") + "}\n\n";
}

std::string finish_frame(std::string_view reason, bool usage_null = false) {
  return std::string(kHead) + R"({},"finish_reason":")" + std::string(reason) +
         R"(","logprobs":null}])" + (usage_null ? R"(,"usage":null)" : "") + "}\n\n";
}

constexpr std::string_view kRole = R"({"role":"assistant","content":""})";
constexpr std::string_view kDone = "data: [DONE]\n\n";

std::string run(StreamEncoder& enc, const std::vector<Event>& events) {
  std::string out;
  enc.begin(out);
  for (const auto& e : events) enc.on_event(e, out);
  return out;
}

// Every chunk has the same identity, one choice (or none for the usage chunk), a role first and
// finish_reason exactly once; [DONE] is last when the stream finished normally.
void expect_well_formed(const std::string& stream, bool include_usage) {
  auto payloads = sse_payloads(stream);
  ASSERT_FALSE(payloads.empty());
  ASSERT_EQ(payloads.back(), "[DONE]");
  payloads.pop_back();
  int finishes = 0;
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    SCOPED_TRACE(payloads[i]);
    const auto chunk = parse_object(payloads[i]);
    EXPECT_EQ(chunk.at("id"), "chatcmpl-1");
    EXPECT_EQ(chunk.at("object"), "chat.completion.chunk");
    EXPECT_EQ(chunk.at("created"), 1700000000);
    EXPECT_EQ(chunk.at("model"), "glm-5");
    EXPECT_EQ(chunk.contains("usage"), include_usage);
    const auto& choices = chunk.at("choices").as_array();
    if (choices.empty()) {
      EXPECT_TRUE(include_usage);
      EXPECT_EQ(i + 1, payloads.size()) << "usage chunk must be the last before [DONE]";
      EXPECT_TRUE(chunk.at("usage").is_object());
      continue;
    }
    ASSERT_EQ(choices.size(), 1u);
    const auto& choice = choices[0].as_object();
    EXPECT_EQ(choice.at("index"), 0);
    EXPECT_TRUE(choice.at("logprobs").is_null());
    if (i == 0) {
      EXPECT_EQ(choice.at("delta").at("role"), "assistant");
    }
    if (!choice.at("finish_reason").is_null()) {
      ++finishes;
      EXPECT_TRUE(choice.at("delta").as_object().empty());
    }
    if (include_usage) {
      EXPECT_TRUE(chunk.at("usage").is_null());
    }
  }
  EXPECT_EQ(finishes, 1);
}

TEST(StreamEncoder, TextByteExact) {
  StreamEncoder enc(kMeta, false, false, kGlm52);
  const std::string out = run(enc, {TextDelta{"Hel"}, TextDelta{""}, TextDelta{"lo \"w\""}, Finish{}});
  EXPECT_EQ(out, frame(kRole) + frame(R"({"content":"Hel"})") + frame(R"({"content":"lo \"w\""})") +
                     finish_frame("stop") + std::string(kDone));
  EXPECT_TRUE(enc.finished());
  EXPECT_EQ(enc.finish_reason(), std::optional<FinishReason>(FinishReason::stop));
  expect_well_formed(out, false);
}

TEST(StreamEncoder, ReasoningThenText) {
  StreamEncoder enc(kMeta, false, false, kGlm52);
  const std::string out = run(enc, {ReasoningDelta{"Let me think."}, TextDelta{"42"}, Finish{FinishReason::length}});
  EXPECT_EQ(out, frame(kRole) + frame(R"({"reasoning_content":"Let me think."})") +
                     frame(R"({"content":"42"})") + finish_frame("length") + std::string(kDone));
  expect_well_formed(out, false);
}

TEST(StreamEncoder, BeginIsImplicitAndIdempotent) {
  StreamEncoder enc(kMeta, false, false, kGlm52);
  std::string out;
  enc.on_event(TextDelta{"a"}, out);
  enc.begin(out);
  enc.on_event(Finish{}, out);
  EXPECT_EQ(out, frame(kRole) + frame(R"({"content":"a"})") + finish_frame("stop") + std::string(kDone));
}

const std::vector<Event> kTwoCalls = {
    ReasoningDelta{"Two calls."},
    ToolCallBegin{0, "call_a", "get_weather"},
    ToolCallArgs{0, R"({"city": ")"},
    ToolCallArgs{0, R"(Paris"})"},
    ToolCallBegin{1, "call_b", "now"},
    Usage{120, 96, 30, 4},
    Finish{FinishReason::stop},
};

TEST(StreamEncoder, ToolStreamSendsFragments) {
  StreamEncoder enc(kMeta, true, false, kGlm52);
  const std::string out = run(enc, kTwoCalls);
  EXPECT_EQ(out,
            frame(kRole) + frame(R"({"reasoning_content":"Two calls."})") +
                frame(R"({"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"get_weather","arguments":""}}]})") +
                frame(R"({"tool_calls":[{"index":0,"function":{"arguments":"{\"city\": \""}}]})") +
                frame(R"({"tool_calls":[{"index":0,"function":{"arguments":"Paris\"}"}}]})") +
                frame(R"({"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"now","arguments":""}}]})") +
                // The zero-argument call is completed with "{}" before the finish chunk.
                frame(R"({"tool_calls":[{"index":1,"function":{"arguments":"{}"}}]})") +
                finish_frame("tool_calls") + std::string(kDone));
  EXPECT_EQ(enc.finish_reason(), std::optional<FinishReason>(FinishReason::tool_calls));
  expect_well_formed(out, false);
}

TEST(StreamEncoder, BufferedToolCallsGoOutWhole) {
  StreamEncoder enc(kMeta, false, false, kGlm52);
  const std::string out = run(enc, kTwoCalls);
  EXPECT_EQ(out,
            frame(kRole) + frame(R"({"reasoning_content":"Two calls."})") +
                frame(R"({"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\"city\": \"Paris\"}"}}]})") +
                frame(R"({"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"now","arguments":"{}"}}]})") +
                finish_frame("tool_calls") + std::string(kDone));
  expect_well_formed(out, false);
}

TEST(StreamEncoder, BufferedCallCompletesAtNextNonToolEvent) {
  StreamEncoder enc(kMeta, false, false, kGlm52);
  std::string out;
  enc.begin(out);
  enc.on_event(ToolCallBegin{0, "c", "f"}, out);
  enc.on_event(ToolCallArgs{0, "{\"a\":1}"}, out);
  EXPECT_EQ(out, frame(kRole)) << "nothing is sent while the call may still grow";
  enc.on_event(TextDelta{"after"}, out);
  EXPECT_EQ(out, frame(kRole) +
                     frame(R"({"tool_calls":[{"index":0,"id":"c","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]})") +
                     frame(R"({"content":"after"})"));
}

TEST(StreamEncoder, UsageChunkWhenRequested) {
  StreamEncoder enc(kMeta, false, true, kGlm52);
  const std::string out = run(enc, {TextDelta{"hi"}, Usage{120, 96, 30, 4}, Finish{}});
  const auto payloads = sse_payloads(out);
  ASSERT_EQ(payloads.size(), 5u);
  EXPECT_EQ(std::string("data: ") + payloads[0] + "\n\n", frame(kRole, true));
  EXPECT_EQ(std::string("data: ") + payloads[2] + "\n\n", finish_frame("stop", true));
  const std::string usage_prefix =
      R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"glm-5","choices":[],"usage":{"prompt_tokens":120,"completion_tokens":30,"total_tokens":150,"prompt_tokens_details":{"cached_tokens":96},"completion_tokens_details":{"reasoning_tokens":4},"cost":{"currency":"USD",)";
  EXPECT_EQ(payloads[3].substr(0, usage_prefix.size()), usage_prefix);
  const auto cost = parse_object(payloads[3]).at("usage").at("cost").as_object();
  EXPECT_DOUBLE_EQ(cost.at("input").as_double(), 24 * 1.40 / 1e6);
  EXPECT_DOUBLE_EQ(cost.at("cached_input").as_double(), 96 * 0.26 / 1e6);
  EXPECT_DOUBLE_EQ(cost.at("output").as_double(), 30 * 4.40 / 1e6);
  EXPECT_DOUBLE_EQ(cost.at("total").as_double(), (24 * 1.40 + 96 * 0.26 + 30 * 4.40) / 1e6);
  EXPECT_EQ(payloads[4], "[DONE]");
  ASSERT_TRUE(enc.usage().has_value());
  EXPECT_EQ(enc.usage()->cached_tokens, 96u);
  expect_well_formed(out, true);
}

TEST(StreamEncoder, UsageChunkHasZerosWithoutBackendUsage) {
  StreamEncoder enc(kMeta, true, true, kGlm52);
  const auto payloads = sse_payloads(run(enc, {Finish{}}));
  ASSERT_EQ(payloads.size(), 4u);
  const auto usage = parse_object(payloads[2]).at("usage").as_object();
  EXPECT_EQ(usage.at("prompt_tokens"), 0);
  EXPECT_EQ(usage.at("total_tokens"), 0);
  EXPECT_FALSE(enc.usage().has_value());
}

TEST(StreamEncoder, UsageNotSentUnlessRequested) {
  StreamEncoder enc(kMeta, false, false, kGlm52);
  const std::string out = run(enc, {Usage{1, 0, 2, 0}, Finish{}});
  EXPECT_EQ(out, frame(kRole) + finish_frame("stop") + std::string(kDone));
  ASSERT_TRUE(enc.usage().has_value());
  EXPECT_EQ(enc.usage()->completion_tokens, 2u);
}

TEST(StreamEncoder, ErrorMidStreamEndsTheStream) {
  StreamEncoder enc(kMeta, true, true, kGlm52);
  std::string out = run(enc, {TextDelta{"par"}, Error{ErrorKind::upstream_timeout, "took too long", "", ""}});
  EXPECT_EQ(out, frame(kRole, true) + frame(R"({"content":"par"})", true) +
                     R"(data: {"error":{"message":"took too long","type":"api_error","param":null,"code":"upstream_timeout"}})"
                     "\n\n");
  EXPECT_TRUE(enc.finished());
  EXPECT_FALSE(enc.finish_reason().has_value());
  const std::string before = out;
  enc.on_event(TextDelta{"late"}, out);
  enc.on_event(Finish{}, out);
  EXPECT_EQ(out, before) << "events after the terminal one are ignored";
}

TEST(StreamEncoder, ErrorBeforeAnythingHasNoRoleChunk) {
  StreamEncoder enc(kMeta, false, false, kGlm52);
  std::string out;
  enc.on_event(Error{ErrorKind::rate_limited, "", "", ""}, out);
  const auto payloads = sse_payloads(out);
  ASSERT_EQ(payloads.size(), 1u);
  const auto err = parse_object(payloads[0]).at("error").as_object();
  EXPECT_EQ(err.at("type"), "rate_limit_error");
  EXPECT_EQ(err.at("code"), "rate_limit_exceeded");
}

TEST(StreamEncoder, EventsAfterFinishAreIgnored) {
  StreamEncoder enc(kMeta, false, false, kGlm52);
  std::string out = run(enc, {Finish{}});
  const std::string before = out;
  enc.on_event(TextDelta{"x"}, out);
  enc.on_event(Finish{FinishReason::length}, out);
  enc.begin(out);
  EXPECT_EQ(out, before);
  EXPECT_EQ(enc.finish_reason(), std::optional<FinishReason>(FinishReason::stop));
}

struct FinishCase {
  bool with_call;
  FinishReason backend;
  const char* wire;
};

TEST(StreamEncoder, FinishReasonNormalisation) {
  const FinishCase cases[] = {
      {true, FinishReason::stop, "tool_calls"},     {true, FinishReason::length, "length"},
      {true, FinishReason::tool_calls, "tool_calls"}, {false, FinishReason::tool_calls, "stop"},
      {false, FinishReason::content_filter, "content_filter"}, {false, FinishReason::length, "length"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.wire);
    StreamEncoder enc(kMeta, true, false, kGlm52);
    std::vector<Event> events;
    if (c.with_call) events = {ToolCallBegin{0, "c", "f"}, ToolCallArgs{0, "{}"}};
    events.push_back(Finish{c.backend});
    const std::string out = run(enc, events);
    const auto payloads = sse_payloads(out);
    ASSERT_GE(payloads.size(), 3u);
    const auto finish = parse_object(payloads[payloads.size() - 2]);
    EXPECT_EQ(finish.at("choices").at(0).at("finish_reason"), c.wire);
    expect_well_formed(out, false);
  }
}

TEST(StreamEncoder, FragmentsWithoutBeginAreDropped) {
  StreamEncoder enc(kMeta, true, false, kGlm52);
  const std::string out = run(enc, {ToolCallArgs{3, "{}"}, Finish{}});
  EXPECT_EQ(out, frame(kRole) + finish_frame("stop") + std::string(kDone));
}

}  // namespace
}  // namespace toolgate::gateway::openai
