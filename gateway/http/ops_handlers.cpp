#include "gateway/http/ops_handlers.hpp"

#include <boost/json.hpp>

#include "gateway/http/responses.hpp"

namespace toolgate::gateway::http {

net::Response healthz(const RequestInfo& info) {
  return json_response(200, R"({"status":"ok"})", info);
}

net::Response readyz(const GatewayContext& ctx, const RequestInfo& info) {
  if (ctx.draining.load()) return json_response(503, R"({"status":"draining"})", info);
  boost::json::object body;
  body["status"] = "ready";
  body["models"] = ctx.routing.models().size();
  body["backends"] = ctx.backends.size();
  return json_response(200, boost::json::serialize(body), info);
}

net::Response metrics(GatewayContext& ctx, const RequestInfo& info) {
  return text_response(200, ctx.metrics.serialize(), "text/plain; version=0.0.4; charset=utf-8", info);
}

}  // namespace toolgate::gateway::http
