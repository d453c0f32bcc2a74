#include "gateway/routing/routing_table.hpp"

#include <gtest/gtest.h>

namespace toolgate::gateway::routing {
namespace {

using backend::Effort;

ModelPolicy glm() {
  ModelPolicy m;
  m.name = "glm-5.2";
  m.default_effort = Effort::max;
  m.routes[Effort::off] = {"fast", ""};
  m.routes[Effort::high] = {"fast", "zai-org/GLM-5.2"};
  m.routes[Effort::max] = {"deep", ""};
  m.thinking_budget[Effort::high] = 8192;
  m.thinking_budget[Effort::max] = 32768;
  return m;
}

ModelPolicy plain() {
  ModelPolicy m;
  m.name = "plain";
  m.default_effort = Effort::off;
  m.routes[Effort::off] = {"fast", ""};
  return m;
}

openai::ChatRequest request(std::string model) {
  openai::ChatRequest r;
  r.model = std::move(model);
  return r;
}

RouteDecision must_route(const RoutingTable& t, const openai::ChatRequest& r) {
  auto result = t.route(r);
  EXPECT_TRUE(std::holds_alternative<RouteDecision>(result)) << std::get<openai::ApiError>(result).message;
  return std::get<RouteDecision>(result);
}

openai::ApiError must_fail(const RoutingTable& t, const openai::ChatRequest& r) {
  auto result = t.route(r);
  EXPECT_TRUE(std::holds_alternative<openai::ApiError>(result));
  return std::get<openai::ApiError>(result);
}

TEST(RoutingTable, DefaultEffortPicksItsRouteBudgetAndModelName) {
  RoutingTable t({glm(), plain()});
  auto d = must_route(t, request("glm-5.2"));
  EXPECT_EQ(d.effort, Effort::max);
  EXPECT_EQ(d.target->backend, "deep");
  EXPECT_EQ(d.thinking_budget, 32768u);
  EXPECT_EQ(d.backend_model, "glm-5.2");
}

TEST(RoutingTable, RequestedEffortSelectsRouteAndUpstreamModel) {
  RoutingTable t({glm()});
  auto r = request("glm-5.2");
  r.reasoning_effort = Effort::high;
  auto d = must_route(t, r);
  EXPECT_EQ(d.target->backend, "fast");
  EXPECT_EQ(d.backend_model, "zai-org/GLM-5.2");
  EXPECT_EQ(d.thinking_budget, 8192u);
}

TEST(RoutingTable, ThinkingDisabledMeansOff) {
  RoutingTable t({glm()});
  auto r = request("glm-5.2");
  r.thinking_enabled = false;
  auto d = must_route(t, r);
  EXPECT_EQ(d.effort, Effort::off);
  EXPECT_EQ(d.thinking_budget, 0u);
}

TEST(RoutingTable, ContradictorySwitchesAreRejected) {
  RoutingTable t({glm()});
  auto r = request("glm-5.2");
  r.thinking_enabled = false;
  r.reasoning_effort = Effort::max;
  EXPECT_EQ(must_fail(t, r).param, "reasoning_effort");
  r.thinking_enabled = true;
  r.reasoning_effort = Effort::off;
  EXPECT_EQ(must_fail(t, r).status, 400u);
}

TEST(RoutingTable, ThinkingEnabledOnOffDefaultModelWithoutReasoningRoutesFails) {
  RoutingTable t({plain()});
  auto r = request("plain");
  r.thinking_enabled = true;
  auto e = must_fail(t, r);
  EXPECT_EQ(e.param, "thinking.type");
}

TEST(RoutingTable, EffortWithoutRouteNamesServedEfforts) {
  RoutingTable t({plain()});
  auto r = request("plain");
  r.reasoning_effort = Effort::max;
  auto e = must_fail(t, r);
  EXPECT_EQ(e.status, 400u);
  EXPECT_EQ(e.param, "reasoning_effort");
  EXPECT_NE(e.message.find("off"), std::string::npos);
}

TEST(RoutingTable, UnknownModelIs404) {
  RoutingTable t({glm()});
  auto e = must_fail(t, request("glm-9"));
  EXPECT_EQ(e.status, 404u);
  EXPECT_EQ(e.code, "model_not_found");
  EXPECT_EQ(e.param, "model");
}

}  // namespace
}  // namespace toolgate::gateway::routing
