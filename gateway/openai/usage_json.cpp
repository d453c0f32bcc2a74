// Usage + cost as OpenAI-shaped JSON.
#include "gateway/openai/usage_json.hpp"

#include "gateway/billing/cost.hpp"

namespace toolgate::gateway::openai {

boost::json::object usage_json(const backend::Usage& usage, const billing::Price& price) {
  const billing::Cost cost = billing::compute_cost(usage, price);
  boost::json::object o;
  o["prompt_tokens"] = usage.prompt_tokens;
  o["completion_tokens"] = usage.completion_tokens;
  o["total_tokens"] = usage.prompt_tokens + usage.completion_tokens;
  o["prompt_tokens_details"] = boost::json::object{{"cached_tokens", usage.cached_tokens}};
  o["completion_tokens_details"] = boost::json::object{{"reasoning_tokens", usage.reasoning_tokens}};
  boost::json::object c;
  c["currency"] = cost.currency;
  c["input"] = cost.input;
  c["cached_input"] = cost.cached_input;
  c["output"] = cost.output;
  c["total"] = cost.total;
  o["cost"] = std::move(c);
  return o;
}

}  // namespace toolgate::gateway::openai
