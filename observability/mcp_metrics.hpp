// The MCP metric families (sessions, requests, tool calls, upstream health) on the shared registry,
// with typed record_* calls. Thread-safe like Metrics; the hub and the MCP transports record into it.
#pragma once

#include <memory>
#include <string_view>

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "observability/labeled_metrics.hpp"

namespace toolgate::observability {

class McpMetrics {
 public:
  explicit McpMetrics(prometheus::Registry& registry);
  McpMetrics(const McpMetrics&) = delete;
  McpMetrics& operator=(const McpMetrics&) = delete;

  // transport: stdio | streamable_http | sse.
  void session_opened(std::string_view transport);
  void session_closed(std::string_view transport);
  // One answered downstream request; outcome: ok | error (a JSON-RPC error reply).
  void record_request(std::string_view method, std::string_view outcome);
  // outcome: ok | tool_error (isError) | invalid_arguments | output_invalid | protocol_error | timeout | unavailable.
  void record_tool_call(std::string_view server, std::string_view tool, std::string_view outcome, double seconds);
  void set_upstream_up(std::string_view server, bool up);
  void record_upstream_restart(std::string_view server);

 private:
  LabeledMetrics<prometheus::Gauge, 1> sessions_;
  LabeledMetrics<prometheus::Counter, 1> sessions_total_;
  LabeledMetrics<prometheus::Counter, 2> requests_;
  LabeledMetrics<prometheus::Counter, 3> tool_calls_;
  LabeledMetrics<prometheus::Histogram, 1> tool_call_seconds_;
  LabeledMetrics<prometheus::Gauge, 1> upstream_up_;
  LabeledMetrics<prometheus::Counter, 1> upstream_restarts_;
};

}  // namespace toolgate::observability
