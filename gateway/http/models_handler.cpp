#include "gateway/http/models_handler.hpp"

#include <boost/json.hpp>
#include <boost/url/pct_string_view.hpp>

#include "gateway/http/responses.hpp"
#include "gateway/openai/effort.hpp"

namespace toolgate::gateway::http {

namespace {

// Fixed creation time: models come from config, which has no meaningful timestamp.
constexpr std::int64_t kCreated = 1767225600;  // 2026-01-01T00:00:00Z

boost::json::object model_object(const routing::ModelPolicy& m) {
  boost::json::object o;
  o["id"] = m.name;
  o["object"] = "model";
  o["created"] = kCreated;
  o["owned_by"] = m.owned_by.empty() ? "toolgate" : m.owned_by;
  boost::json::array efforts;
  for (const auto& [effort, target] : m.routes) efforts.emplace_back(openai::effort_name(effort));
  o["reasoning_efforts"] = std::move(efforts);
  o["default_reasoning_effort"] = openai::effort_name(m.default_effort);
  return o;
}

}  // namespace

net::Response list_models(const GatewayContext& ctx, const RequestInfo& info) {
  boost::json::array data;
  for (const auto& m : ctx.routing.models()) data.emplace_back(model_object(m));
  boost::json::object body;
  body["object"] = "list";
  body["data"] = std::move(data);
  return json_response(200, boost::json::serialize(body), info);
}

net::Response get_model(const GatewayContext& ctx, std::string_view id, const RequestInfo& info) {
  // Model ids such as "zai-org/GLM-5" arrive percent-encoded in the path.
  std::string decoded(id);
  if (auto pct = boost::urls::make_pct_string_view(id); pct) decoded = pct->decode();
  if (const auto* m = ctx.routing.find(decoded)) {
    return json_response(200, boost::json::serialize(model_object(*m)), info);
  }
  return error_response(openai::model_not_found(decoded), info);
}

}  // namespace toolgate::gateway::http
