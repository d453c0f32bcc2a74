// Usage × price arithmetic.
// Kept in one place so the usage chunk, the ledger and the metrics bill the same numbers.
#include "gateway/billing/cost.hpp"

#include <algorithm>

namespace toolgate::gateway::billing {

namespace {

constexpr double kTokensPerPriceUnit = 1'000'000.0;

double priced(std::uint64_t tokens, double price_per_million) {
  return static_cast<double>(tokens) * price_per_million / kTokensPerPriceUnit;
}

}  // namespace

Cost compute_cost(const backend::Usage& usage, const Price& price) {
  // A backend that over-reports cached tokens must not produce a negative uncached count.
  const std::uint64_t cached = std::min(usage.cached_tokens, usage.prompt_tokens);
  Cost cost;
  cost.currency = price.currency;
  cost.input = priced(usage.prompt_tokens - cached, price.input);
  cost.cached_input = priced(cached, price.cached_input);
  cost.output = priced(usage.completion_tokens, price.output);
  cost.total = cost.input + cost.cached_input + cost.output;
  return cost;
}

}  // namespace toolgate::gateway::billing
