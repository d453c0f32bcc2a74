// Wire names of reasoning effort and finish reason, and finish-reason normalisation.
#include "gateway/openai/effort.hpp"

#include <gtest/gtest.h>

namespace toolgate::gateway::openai {
namespace {

using backend::Effort;
using backend::FinishReason;

TEST(Effort, ParseAndName) {
  EXPECT_EQ(parse_effort("off"), std::optional<Effort>(Effort::off));
  EXPECT_EQ(parse_effort("none"), std::optional<Effort>(Effort::off));
  EXPECT_EQ(parse_effort("high"), std::optional<Effort>(Effort::high));
  EXPECT_EQ(parse_effort("max"), std::optional<Effort>(Effort::max));
  EXPECT_FALSE(parse_effort("medium").has_value());
  EXPECT_FALSE(parse_effort("High").has_value());
  EXPECT_FALSE(parse_effort("").has_value());
  EXPECT_EQ(effort_name(Effort::off), "off");
  EXPECT_EQ(effort_name(Effort::high), "high");
  EXPECT_EQ(effort_name(Effort::max), "max");
}

TEST(FinishReasonName, AllValues) {
  EXPECT_EQ(finish_reason_name(FinishReason::stop), "stop");
  EXPECT_EQ(finish_reason_name(FinishReason::length), "length");
  EXPECT_EQ(finish_reason_name(FinishReason::tool_calls), "tool_calls");
  EXPECT_EQ(finish_reason_name(FinishReason::content_filter), "content_filter");
}

TEST(FinishReasonName, WireNormalisation) {
  EXPECT_EQ(wire_finish_reason(FinishReason::stop, true), FinishReason::tool_calls);
  EXPECT_EQ(wire_finish_reason(FinishReason::tool_calls, false), FinishReason::stop);
  EXPECT_EQ(wire_finish_reason(FinishReason::length, true), FinishReason::length);
  EXPECT_EQ(wire_finish_reason(FinishReason::content_filter, true), FinishReason::content_filter);
  EXPECT_EQ(wire_finish_reason(FinishReason::stop, false), FinishReason::stop);
}

}  // namespace
}  // namespace toolgate::gateway::openai
