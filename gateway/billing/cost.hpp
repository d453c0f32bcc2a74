// The cost of one generation: its token usage priced per million tokens.
// Cached prompt tokens are billed at the cached rate; reasoning tokens are completion tokens.
#pragma once

#include <string>

#include "backend/api/events.hpp"
#include "gateway/billing/price.hpp"

namespace toolgate::gateway::billing {

struct Cost {
  std::string currency;
  double input = 0;         // uncached prompt tokens
  double cached_input = 0;  // prompt tokens served from the prefix cache
  double output = 0;        // completion tokens, reasoning included
  double total = 0;
};

// Uncached input tokens at `input`, cached at `cached_input`, completion (incl. reasoning) at
// `output`; per-million prices. Cached tokens beyond the prompt count are clamped to the prompt.
Cost compute_cost(const backend::Usage& usage, const Price& price);

}  // namespace toolgate::gateway::billing
