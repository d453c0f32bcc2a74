#include "observability/mcp_metrics.hpp"

#include <cmath>

namespace toolgate::observability {

namespace {

template <typename Builder>
auto& family(Builder builder, prometheus::Registry& registry, const char* name, const char* help) {
  return builder.Name(name).Help(help).Register(registry);
}

// Tool calls span a local fixture (sub-millisecond) to a slow upstream job (minutes).
std::vector<double> tool_call_buckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};
}

}  // namespace

McpMetrics::McpMetrics(prometheus::Registry& registry)
    : sessions_(family(prometheus::BuildGauge(), registry, "toolgate_mcp_sessions",
                       "Open downstream MCP sessions by transport"),
                {"transport"}),
      sessions_total_(family(prometheus::BuildCounter(), registry, "toolgate_mcp_sessions_opened_total",
                             "Downstream MCP sessions opened, by transport"),
                      {"transport"}),
      requests_(family(prometheus::BuildCounter(), registry, "toolgate_mcp_requests_total",
                       "Downstream MCP requests answered, by method and outcome"),
                {"method", "outcome"}),
      tool_calls_(family(prometheus::BuildCounter(), registry, "toolgate_mcp_tool_calls_total",
                         "tools/call through the hub, by upstream server, tool and outcome"),
                  {"server", "tool", "outcome"}),
      tool_call_seconds_(family(prometheus::BuildHistogram(), registry, "toolgate_mcp_tool_call_duration_seconds",
                                "tools/call latency through the hub, by upstream server"),
                         {"server"}, tool_call_buckets()),
      upstream_up_(family(prometheus::BuildGauge(), registry, "toolgate_mcp_upstream_up",
                          "1 while the upstream MCP server's last connection attempt succeeded"),
                   {"server"}),
      upstream_restarts_(family(prometheus::BuildCounter(), registry, "toolgate_mcp_upstream_restarts_total",
                                "Reconnections (and stdio child restarts) after an upstream MCP server went down"),
                         {"server"}) {}

void McpMetrics::session_opened(std::string_view transport) {
  sessions_.get({transport}).Increment();
  sessions_total_.get({transport}).Increment();
}

void McpMetrics::session_closed(std::string_view transport) { sessions_.get({transport}).Decrement(); }

void McpMetrics::record_request(std::string_view method, std::string_view outcome) {
  requests_.get({method, outcome}).Increment();
}

void McpMetrics::record_tool_call(std::string_view server, std::string_view tool, std::string_view outcome,
                                  double seconds) {
  tool_calls_.get({server, tool, outcome}).Increment();
  if (std::isfinite(seconds) && seconds >= 0) tool_call_seconds_.get({server}).Observe(seconds);
}

void McpMetrics::set_upstream_up(std::string_view server, bool up) { upstream_up_.get({server}).Set(up ? 1 : 0); }

void McpMetrics::record_upstream_restart(std::string_view server) { upstream_restarts_.get({server}).Increment(); }

}  // namespace toolgate::observability
