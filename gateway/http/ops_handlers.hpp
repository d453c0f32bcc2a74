// Operational endpoints: liveness, readiness (503 while draining) and Prometheus metrics.
// Served by our own server from prometheus-cpp's registry, never by a second listener.
#pragma once

#include "gateway/http/gateway_context.hpp"
#include "gateway/http/request_info.hpp"
#include "net/http_types.hpp"

namespace toolgate::gateway::http {

net::Response healthz(const RequestInfo& info);
net::Response readyz(const GatewayContext& ctx, const RequestInfo& info);
net::Response metrics(GatewayContext& ctx, const RequestInfo& info);

}  // namespace toolgate::gateway::http
