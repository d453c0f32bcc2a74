// GET /v1/models and /v1/models/{id}: the models the routing table serves, in OpenAI's list shape.
// Only configured models are listed; nothing is advertised that cannot be routed.
#pragma once

#include <string_view>

#include "gateway/http/gateway_context.hpp"
#include "gateway/http/request_info.hpp"
#include "net/http_types.hpp"

namespace toolgate::gateway::http {

net::Response list_models(const GatewayContext& ctx, const RequestInfo& info);
net::Response get_model(const GatewayContext& ctx, std::string_view id, const RequestInfo& info);

}  // namespace toolgate::gateway::http
