// Everything a request handler needs, built once by the composition root and shared read-only
// by all connections (metrics and the draining flag are the only mutable, thread-safe parts).
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "gateway/auth/api_key_auth.hpp"
#include "gateway/backends/backend.hpp"
#include "gateway/http/mcp_endpoints.hpp"
#include "gateway/routing/routing_table.hpp"
#include "observability/metrics.hpp"

namespace toolgate::gateway::http {

struct HandlerOptions {
  std::chrono::milliseconds sse_keepalive{15'000};
  std::size_t event_channel_capacity = 64;
};

struct GatewayContext {
  routing::RoutingTable routing;
  auth::ApiKeyAuth auth;
  std::map<std::string, std::unique_ptr<Backend>, std::less<>> backends;
  observability::Metrics& metrics;
  HandlerOptions options;
  McpEndpoints mcp;
  std::atomic<bool> draining{false};  // set on SIGTERM: /readyz answers 503

  Backend* find_backend(std::string_view name) const {
    auto it = backends.find(name);
    return it == backends.end() ? nullptr : it->second.get();
  }
};

}  // namespace toolgate::gateway::http
