#include "gateway/http/generation_stats.hpp"

#include <algorithm>
#include <variant>

namespace toolgate::gateway::http {

namespace {

bool is_delta(const backend::Event& e) {
  return std::holds_alternative<backend::TextDelta>(e) || std::holds_alternative<backend::ReasoningDelta>(e) ||
         std::holds_alternative<backend::ToolCallBegin>(e) || std::holds_alternative<backend::ToolCallArgs>(e);
}

}  // namespace

void GenerationStats::on_event(const backend::Event& event) {
  if (!is_delta(event)) return;
  const auto now = Clock::now();
  if (!ttft_) ttft_ = std::chrono::duration<double>(now - start_).count();
  if (last_delta_) gaps_.push_back(std::chrono::duration<double>(now - *last_delta_).count());
  last_delta_ = now;
}

double GenerationStats::overhead_seconds() const {
  const auto total = Clock::now() - start_;
  return std::max(0.0, std::chrono::duration<double>(total - backend_wait_).count());
}

}  // namespace toolgate::gateway::http
