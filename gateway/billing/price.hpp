// A model's price per million tokens, as the billing code sees it (copied from config at start-up).
// Cached input tokens are a subset of input tokens and are billed at the cached rate instead.
#pragma once

#include <string>

namespace toolgate::gateway::billing {

struct Price {
  std::string currency = "USD";
  double input = 0;
  double cached_input = 0;
  double output = 0;
};

}  // namespace toolgate::gateway::billing
