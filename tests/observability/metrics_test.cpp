#include "observability/metrics.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace toolgate::observability {
namespace {

using ::testing::Contains;
using ::testing::ElementsAreArray;
using ::testing::Not;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The `le` values of one series' buckets, in exposition order.
std::vector<std::string> bucket_bounds(const std::string& text, const std::string& series_prefix) {
  std::vector<std::string> bounds;
  for (const std::string& line : lines_of(text)) {
    if (line.rfind(series_prefix, 0) != 0) continue;
    const auto le = line.find("le=\"");
    const auto end = line.find('"', le + 4);
    bounds.push_back(line.substr(le + 4, end - le - 4));
  }
  return bounds;
}

void record_one_of_everything(Metrics& metrics) {
  metrics.set_build_info("0.1.0", "5727d31");
  metrics.record_http_request("/v1/chat/completions", "POST", 200, 0.003);
  metrics.record_overhead("/v1/chat/completions", "builtin", 0.0002);
  metrics.record_llm_request("builtin", "glm-5.2", "high", true, "ok", 1.25);
  metrics.record_ttft("builtin", "glm-5.2", "high", 0.07);
  metrics.record_inter_token("builtin", "glm-5.2", 0.02);
  metrics.record_tokens("builtin", "glm-5.2", "team-a", 100, 20, 50, 10);
  metrics.record_cost("builtin", "glm-5.2", "team-a", "USD", 0.25, 0.125, 0.5);
  metrics.record_route_decision("glm-5.2", "high", "builtin");
  metrics.record_upstream_error("zai", "timeout");
  metrics.stream_started("/v1/chat/completions");
}

TEST(Metrics, CounterSamplesHaveExactNamesLabelsAndValues) {
  Metrics metrics;
  metrics.record_http_request("/v1/chat/completions", "POST", 200, 0.01);
  metrics.record_http_request("/v1/chat/completions", "POST", 200, 0.01);
  metrics.record_http_request("/v1/chat/completions", "POST", 400, 0.01);
  metrics.record_route_decision("glm-5.2", "max", "upstream:zai");
  metrics.record_upstream_error("zai", "connect");
  metrics.record_upstream_error("zai", "connect");
  metrics.record_upstream_error("zai", "connect");
  metrics.record_llm_request("builtin", "glm-5.2", "off", false, "client_error", 0.4);

  const auto lines = lines_of(metrics.serialize());
  EXPECT_THAT(lines, Contains(R"(toolgate_http_requests_total{code="200",method="POST",route="/v1/chat/completions"} 2)"));
  EXPECT_THAT(lines, Contains(R"(toolgate_http_requests_total{code="400",method="POST",route="/v1/chat/completions"} 1)"));
  EXPECT_THAT(lines, Contains(R"(toolgate_route_decisions_total{backend="upstream:zai",effort="max",model="glm-5.2"} 1)"));
  EXPECT_THAT(lines, Contains(R"(toolgate_upstream_errors_total{backend="zai",kind="connect"} 3)"));
  EXPECT_THAT(lines, Contains(R"(toolgate_llm_requests_total{backend="builtin",effort="off",model="glm-5.2",outcome="client_error",stream="false"} 1)"));
}

TEST(Metrics, TokensAndCostSplitByType) {
  Metrics metrics;
  metrics.record_tokens("builtin", "glm-5.2", "team-a", 100, 20, 50, 10);
  metrics.record_tokens("builtin", "glm-5.2", "team-a", 1, 0, 2, 0);
  metrics.record_cost("upstream", "glm-5.2", "team-a", "USD", 0.25, 0.125, 0.5);
  metrics.record_cost("upstream", "glm-5.2", "team-a", "USD", 0.25, 0, 0.5);

  const auto lines = lines_of(metrics.serialize());
  const std::string tokens = R"(toolgate_llm_tokens_total{backend="builtin",key="team-a",model="glm-5.2",type=)";
  EXPECT_THAT(lines, Contains(tokens + R"("input"} 101)"));
  EXPECT_THAT(lines, Contains(tokens + R"("input_cached"} 20)"));
  EXPECT_THAT(lines, Contains(tokens + R"("output"} 52)"));
  EXPECT_THAT(lines, Contains(tokens + R"("reasoning"} 10)"));
  const std::string cost = R"(toolgate_llm_cost_total{backend="upstream",currency="USD",key="team-a",model="glm-5.2",type=)";
  EXPECT_THAT(lines, Contains(cost + R"("input"} 0.5)"));
  EXPECT_THAT(lines, Contains(cost + R"("input_cached"} 0.125)"));
  EXPECT_THAT(lines, Contains(cost + R"("output"} 1)"));
}

TEST(Metrics, InvalidAmountsNeitherPoisonNorDecreaseCounters) {
  Metrics metrics;
  metrics.record_cost("b", "m", "k", "USD", 1.5, 0, 0);
  metrics.record_cost("b", "m", "k", "USD", std::numeric_limits<double>::quiet_NaN(), -3, 0);
  metrics.record_http_request("/r", "GET", 200, std::numeric_limits<double>::quiet_NaN());
  metrics.record_http_request("/r", "GET", 200, -1);

  const auto lines = lines_of(metrics.serialize());
  EXPECT_THAT(lines, Contains(R"(toolgate_llm_cost_total{backend="b",currency="USD",key="k",model="m",type="input"} 1.5)"));
  EXPECT_THAT(lines, Contains(R"(toolgate_llm_cost_total{backend="b",currency="USD",key="k",model="m",type="input_cached"} 0)"));
  // The NaN duration is dropped; the negative one is clamped into the first bucket.
  EXPECT_THAT(lines, Contains(R"(toolgate_http_request_duration_seconds_count{route="/r"} 1)"));
  EXPECT_THAT(lines, Contains(R"(toolgate_http_request_duration_seconds_sum{route="/r"} 0)"));
  EXPECT_THAT(lines, Contains(R"(toolgate_http_request_duration_seconds_bucket{route="/r",le="0.0005"} 1)"));
}

TEST(Metrics, HistogramBucketsFollowTheRecommendedLists) {
  Metrics metrics;
  record_one_of_everything(metrics);
  const std::string text = metrics.serialize();

  EXPECT_THAT(bucket_bounds(text, "toolgate_http_request_duration_seconds_bucket"),
              ElementsAreArray({"0.0005", "0.001", "0.0025", "0.005", "0.01", "0.02", "0.04",
                                "0.08", "0.16", "0.32", "0.64", "1.28", "2.56", "5.12", "10.24",
                                "20.48", "40.96", "81.92", "+Inf"}));
  EXPECT_THAT(bucket_bounds(text, "toolgate_gateway_overhead_seconds_bucket"),
              ElementsAreArray({"5e-05", "0.0001", "0.00025", "0.0005", "0.001", "0.0025", "0.005",
                                "0.01", "0.025", "0.05", "0.1", "+Inf"}));
  EXPECT_THAT(bucket_bounds(text, "toolgate_llm_time_to_first_token_seconds_bucket"),
              ElementsAreArray({"0.001", "0.005", "0.01", "0.02", "0.04", "0.06", "0.08", "0.1",
                                "0.25", "0.5", "0.75", "1", "2.5", "5", "7.5", "10", "20", "40",
                                "80", "160", "+Inf"}));
  EXPECT_THAT(bucket_bounds(text, "toolgate_llm_inter_token_latency_seconds_bucket"),
              ElementsAreArray({"0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.075",
                                "0.1", "0.15", "0.2", "0.3", "0.4", "0.5", "0.75", "1", "2.5", "5",
                                "7.5", "10", "+Inf"}));
  EXPECT_THAT(bucket_bounds(text, "toolgate_llm_e2e_request_latency_seconds_bucket"),
              ElementsAreArray({"0.3", "0.5", "0.8", "1", "1.5", "2", "2.5", "5", "10", "15", "20",
                                "30", "40", "50", "60", "120", "240", "480", "960", "1920", "7680",
                                "+Inf"}));

  // 0.003 s lands in le=0.005 and above, cumulatively.
  const auto lines = lines_of(text);
  const std::string http = R"(toolgate_http_request_duration_seconds_bucket{route="/v1/chat/completions",le=)";
  EXPECT_THAT(lines, Contains(http + R"("0.0025"} 0)"));
  EXPECT_THAT(lines, Contains(http + R"("0.005"} 1)"));
  EXPECT_THAT(lines, Contains(http + R"("+Inf"} 1)"));
  EXPECT_THAT(lines, Contains(R"(toolgate_http_request_duration_seconds_sum{route="/v1/chat/completions"} 0.003)"));
  EXPECT_THAT(lines, Contains(R"(toolgate_llm_time_to_first_token_seconds_bucket{backend="builtin",effort="high",model="glm-5.2",le="0.06"} 0)"));
  EXPECT_THAT(lines, Contains(R"(toolgate_llm_time_to_first_token_seconds_bucket{backend="builtin",effort="high",model="glm-5.2",le="0.08"} 1)"));
}

TEST(Metrics, EveryFamilyHasHelpAndType) {
  Metrics metrics;
  record_one_of_everything(metrics);
  const auto lines = lines_of(metrics.serialize());
  const std::vector<std::pair<std::string, std::string>> families = {
      {"toolgate_http_requests_total", "counter"},
      {"toolgate_http_request_duration_seconds", "histogram"},
      {"toolgate_gateway_overhead_seconds", "histogram"},
      {"toolgate_llm_requests_total", "counter"},
      {"toolgate_llm_e2e_request_latency_seconds", "histogram"},
      {"toolgate_llm_time_to_first_token_seconds", "histogram"},
      {"toolgate_llm_inter_token_latency_seconds", "histogram"},
      {"toolgate_llm_tokens_total", "counter"},
      {"toolgate_llm_cost_total", "counter"},
      {"toolgate_route_decisions_total", "counter"},
      {"toolgate_upstream_errors_total", "counter"},
      {"toolgate_http_streams_in_flight", "gauge"},
      {"toolgate_build_info", "gauge"},
  };
  for (const auto& [name, type] : families) {
    EXPECT_THAT(lines, Contains("# TYPE " + name + " " + type));
    const bool has_help = std::any_of(lines.begin(), lines.end(), [&](const std::string& line) {
      return line.rfind("# HELP " + name + " ", 0) == 0 && line.size() > name.size() + 10;
    });
    EXPECT_TRUE(has_help) << name;
  }
}

TEST(Metrics, StreamsGaugeGoesUpAndDown) {
  Metrics metrics;
  metrics.stream_started("/v1/chat/completions");
  metrics.stream_started("/v1/chat/completions");
  metrics.stream_started("/mcp");
  metrics.stream_ended("/v1/chat/completions");
  const auto lines = lines_of(metrics.serialize());
  EXPECT_THAT(lines, Contains(R"(toolgate_http_streams_in_flight{route="/v1/chat/completions"} 1)"));
  EXPECT_THAT(lines, Contains(R"(toolgate_http_streams_in_flight{route="/mcp"} 1)"));
}

TEST(Metrics, BuildInfoKeepsOnlyTheLatestSeries) {
  Metrics metrics;
  metrics.set_build_info("0.1.0", "aaaa");
  metrics.set_build_info("0.2.0", "bbbb");
  const auto lines = lines_of(metrics.serialize());
  EXPECT_THAT(lines, Contains(R"(toolgate_build_info{commit="bbbb",version="0.2.0"} 1)"));
  EXPECT_THAT(lines, Not(Contains(R"(toolgate_build_info{commit="aaaa",version="0.1.0"} 1)")));
}

TEST(Metrics, LabelValuesAreEscapedAndKeptDistinct) {
  Metrics metrics;
  // Length-prefixed cache keys: ("a","bc") and ("ab","c") must be two series.
  metrics.record_upstream_error("a", "bc");
  metrics.record_upstream_error("ab", "c");
  metrics.record_upstream_error("q\"uote\\", "new\nline");
  metrics.record_upstream_error("bad\xff", "x");
  const auto lines = lines_of(metrics.serialize());
  EXPECT_THAT(lines, Contains(R"(toolgate_upstream_errors_total{backend="a",kind="bc"} 1)"));
  EXPECT_THAT(lines, Contains(R"(toolgate_upstream_errors_total{backend="ab",kind="c"} 1)"));
  EXPECT_THAT(lines, Contains(R"(toolgate_upstream_errors_total{backend="q\"uote\\",kind="new\nline"} 1)"));
  EXPECT_THAT(lines, Contains("toolgate_upstream_errors_total{backend=\"bad\xEF\xBF\xBD\",kind=\"x\"} 1"));
}

TEST(Metrics, OtherModulesFamiliesShareTheRegistry) {
  Metrics metrics;
  auto& family = prometheus::BuildGauge()
                     .Name("toolgate_mcp_sessions_active")
                     .Help("Open MCP sessions.")
                     .Register(*metrics.registry());
  family.Add({{"transport", "stdio"}}).Set(2);
  EXPECT_THAT(lines_of(metrics.serialize()),
              Contains(R"(toolgate_mcp_sessions_active{transport="stdio"} 2)"));
}

TEST(Metrics, ConcurrentRecordingLosesNothing) {
  Metrics metrics;
  constexpr int kThreads = 8;
  constexpr int kPerThread = 5000;
  const std::array<const char*, 4> routes = {"/a", "/b", "/c", "/d"};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&metrics, &routes, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const char* route = routes[static_cast<std::size_t>(i + t) % routes.size()];
        metrics.record_http_request(route, "GET", 200, 0.001);
        metrics.record_tokens("builtin", "m", "k", 1, 0, 2, 0);
        metrics.stream_started(route);
        metrics.stream_ended(route);
      }
    });
  }
  for (auto& thread : threads) thread.join();

  const auto lines = lines_of(metrics.serialize());
  const int per_route = kThreads * kPerThread / static_cast<int>(routes.size());
  for (const char* route : routes) {
    const std::string r(route);
    EXPECT_THAT(lines, Contains(R"(toolgate_http_requests_total{code="200",method="GET",route=")" + r +
                                R"("} )" + std::to_string(per_route)));
    EXPECT_THAT(lines, Contains(R"(toolgate_http_request_duration_seconds_count{route=")" + r +
                                R"("} )" + std::to_string(per_route)));
    EXPECT_THAT(lines, Contains(R"(toolgate_http_streams_in_flight{route=")" + r + R"("} 0)"));
  }
  EXPECT_THAT(lines, Contains(R"(toolgate_llm_tokens_total{backend="builtin",key="k",model="m",type="output"} )" +
                              std::to_string(2 * kThreads * kPerThread)));
}

// Runs `promtool check metrics` (stdin) on the exposition; returns exit status and all output.
std::pair<int, std::string> promtool_check(const std::string& exposition) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("toolgate_metrics_" + std::to_string(::getpid()) + ".txt");
  std::ofstream(path) << exposition;
  const std::string command = "/usr/bin/promtool check metrics < " + path.string() + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  std::string output;
  if (pipe != nullptr) {
    std::array<char, 512> buffer{};
    while (const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) {
      output.append(buffer.data(), n);
    }
  }
  const int status = pipe != nullptr ? ::pclose(pipe) : -1;
  std::filesystem::remove(path);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

TEST(Metrics, PromtoolAcceptsTheExpositionWithoutLintWarnings) {
  if (!std::filesystem::exists("/usr/bin/promtool")) GTEST_SKIP() << "promtool not installed";
  Metrics metrics;
  record_one_of_everything(metrics);
  metrics.record_upstream_error("q\"uote\\", "new\nline");
  const std::string exposition = metrics.serialize();
  const auto [status, output] = promtool_check(exposition);
  EXPECT_EQ(status, 0) << output;
  EXPECT_EQ(output, "");
}

TEST(Metrics, PromtoolCheckCanFail) {
  // Guards the test above against a promtool invocation that accepts anything.
  if (!std::filesystem::exists("/usr/bin/promtool")) GTEST_SKIP() << "promtool not installed";
  const auto [status, output] = promtool_check(
      "# TYPE toolgate_bad counter\ntoolgate_bad 1\n");
  EXPECT_NE(status, 0) << output;
  EXPECT_NE(output.find("_total"), std::string::npos) << output;
}

}  // namespace
}  // namespace toolgate::observability
