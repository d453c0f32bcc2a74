// The OpenAI usage object with toolgate's cost added; one builder so the stream's usage chunk and
// the non-stream body report identical numbers.
#pragma once

#include <boost/json/object.hpp>

#include "backend/api/events.hpp"
#include "gateway/billing/price.hpp"

namespace toolgate::gateway::openai {

// {"prompt_tokens","completion_tokens","total_tokens","prompt_tokens_details":{"cached_tokens"},
//  "completion_tokens_details":{"reasoning_tokens"},
//  "cost":{"currency","input","cached_input","output","total"}}
boost::json::object usage_json(const backend::Usage& usage, const billing::Price& price);

}  // namespace toolgate::gateway::openai
