#include "gateway/routing/routing_table.hpp"

#include <string>

#include "gateway/openai/effort.hpp"

namespace toolgate::gateway::routing {

namespace {

std::string served_efforts(const ModelPolicy& model) {
  std::string out;
  for (const auto& [effort, target] : model.routes) {
    if (!out.empty()) out += ", ";
    out += openai::effort_name(effort);
  }
  return out;
}

}  // namespace

RoutingTable::RoutingTable(std::vector<ModelPolicy> models) : models_(std::move(models)) {}

const ModelPolicy* RoutingTable::find(std::string_view name) const {
  for (const auto& m : models_) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::variant<backend::Effort, openai::ApiError> effective_effort(const openai::ChatRequest& request,
                                                                 const ModelPolicy& model) {
  using backend::Effort;
  if (request.thinking_enabled == false) {
    if (request.reasoning_effort && *request.reasoning_effort != Effort::off) {
      return openai::invalid_request(
          "reasoning_effort",
          "reasoning_effort '" + std::string(openai::effort_name(*request.reasoning_effort)) +
              "' contradicts thinking.type 'disabled'; drop one of them");
    }
    return Effort::off;
  }
  if (request.reasoning_effort) {
    if (request.thinking_enabled == true && *request.reasoning_effort == Effort::off) {
      return openai::invalid_request(
          "reasoning_effort", "reasoning_effort 'off' contradicts thinking.type 'enabled'; drop one of them");
    }
    return *request.reasoning_effort;
  }
  if (request.thinking_enabled == true && model.default_effort == Effort::off) {
    for (Effort e : {Effort::high, Effort::max}) {
      if (model.routes.contains(e)) return e;
    }
    return openai::invalid_request("thinking.type",
                                   "model `" + model.name + "` does not serve reasoning (efforts: " +
                                       served_efforts(model) + ")");
  }
  return model.default_effort;
}

std::variant<RouteDecision, openai::ApiError> RoutingTable::route(const openai::ChatRequest& request) const {
  const ModelPolicy* model = find(request.model);
  if (model == nullptr) return openai::model_not_found(request.model);

  auto effort = effective_effort(request, *model);
  if (auto* err = std::get_if<openai::ApiError>(&effort)) return std::move(*err);
  const backend::Effort chosen = std::get<backend::Effort>(effort);

  auto it = model->routes.find(chosen);
  if (it == model->routes.end()) {
    return openai::invalid_request("reasoning_effort", "model `" + model->name +
                                                           "` does not serve reasoning effort '" +
                                                           std::string(openai::effort_name(chosen)) +
                                                           "'; it serves: " + served_efforts(*model));
  }
  RouteDecision decision;
  decision.model = model;
  decision.effort = chosen;
  decision.target = &it->second;
  if (auto b = model->thinking_budget.find(chosen); b != model->thinking_budget.end()) {
    decision.thinking_budget = b->second;
  }
  decision.backend_model = it->second.upstream_model.empty() ? model->name : it->second.upstream_model;
  return decision;
}

}  // namespace toolgate::gateway::routing
