// Routing policy: (model, requested reasoning effort, thinking switch) → backend, effective effort,
// thinking budget and price. Pure bookkeeping built once from config; safe to share across threads.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "backend/api/generate_request.hpp"
#include "gateway/billing/price.hpp"
#include "gateway/openai/api_error.hpp"
#include "gateway/openai/chat_request.hpp"

namespace toolgate::gateway::routing {

struct RouteTarget {
  std::string backend;         // "builtin" or an upstream name
  std::string upstream_model;  // model id sent to the backend; empty = the public model name
};

struct ModelPolicy {
  std::string name;
  std::string owned_by;
  std::map<backend::Effort, RouteTarget> routes;
  backend::Effort default_effort = backend::Effort::high;
  std::map<backend::Effort, std::uint32_t> thinking_budget;
  billing::Price price;
};

struct RouteDecision {
  const ModelPolicy* model = nullptr;
  backend::Effort effort = backend::Effort::off;
  const RouteTarget* target = nullptr;
  std::uint32_t thinking_budget = 0;
  std::string backend_model;  // target->upstream_model or the model name
};

class RoutingTable {
 public:
  explicit RoutingTable(std::vector<ModelPolicy> models);

  const std::vector<ModelPolicy>& models() const { return models_; }
  const ModelPolicy* find(std::string_view name) const;

  // Unknown model → 404; an effort the model has no route for → 400 naming `reasoning_effort`.
  std::variant<RouteDecision, openai::ApiError> route(const openai::ChatRequest& request) const;

 private:
  std::vector<ModelPolicy> models_;
};

// The effort a request asks for once GLM's two switches are combined: `thinking.type: disabled`
// means off; an explicit `reasoning_effort` wins otherwise; `thinking.type: enabled` alone asks for
// the model's default, or its lowest thinking level when the default is off.
std::variant<backend::Effort, openai::ApiError> effective_effort(const openai::ChatRequest& request,
                                                                 const ModelPolicy& model);

}  // namespace toolgate::gateway::routing
