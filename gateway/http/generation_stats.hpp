// Timing of one generation as the client experiences it: time to first token, gaps between
// deltas, and how long the gateway itself spent outside the backend (its overhead).
#pragma once

#include <chrono>
#include <optional>
#include <vector>

#include "backend/api/events.hpp"

namespace toolgate::gateway::http {

class GenerationStats {
 public:
  using Clock = std::chrono::steady_clock;

  explicit GenerationStats(Clock::time_point request_start) : start_(request_start) {}

  // Call around each wait on the backend so overhead excludes backend time.
  void wait_started() { wait_start_ = Clock::now(); }
  void wait_ended() { backend_wait_ += Clock::now() - wait_start_; }

  void on_event(const backend::Event& event);

  std::optional<double> ttft_seconds() const { return ttft_; }
  const std::vector<double>& inter_token_seconds() const { return gaps_; }
  double overhead_seconds() const;

 private:
  Clock::time_point start_;
  Clock::time_point wait_start_{};
  Clock::duration backend_wait_{};
  std::optional<Clock::time_point> last_delta_;
  std::optional<double> ttft_;
  std::vector<double> gaps_;
};

}  // namespace toolgate::gateway::http
