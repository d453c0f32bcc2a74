// One chat.completion from the neutral event stream.
#include "gateway/openai/response_aggregator.hpp"

#include <type_traits>
#include <utility>
#include <variant>

#include <boost/json.hpp>

#include "gateway/openai/effort.hpp"
#include "gateway/openai/usage_json.hpp"

namespace toolgate::gateway::openai {

namespace json = boost::json;

ResponseAggregator::ResponseAggregator(CompletionMeta meta, billing::Price price)
    : meta_(std::move(meta)), price_(std::move(price)) {}

void ResponseAggregator::on_event(const backend::Event& e) {
  if (finished_) return;
  std::visit(
      [&](const auto& event) {
        using T = std::decay_t<decltype(event)>;
        if constexpr (std::is_same_v<T, backend::TextDelta>) {
          content_ += event.text;
        } else if constexpr (std::is_same_v<T, backend::ReasoningDelta>) {
          reasoning_ += event.text;
        } else if constexpr (std::is_same_v<T, backend::ToolCallBegin>) {
          calls_.emplace(event.index, Call{event.id, event.name, {}});  // first one wins, as streamed
        } else if constexpr (std::is_same_v<T, backend::ToolCallArgs>) {
          if (const auto it = calls_.find(event.index); it != calls_.end()) {
            it->second.arguments += event.fragment;
          }
        } else if constexpr (std::is_same_v<T, backend::Usage>) {
          usage_ = event;
        } else if constexpr (std::is_same_v<T, backend::Finish>) {
          finished_ = true;
          finish_reason_ = wire_finish_reason(event.reason, !calls_.empty());
        } else {
          finished_ = true;
          error_ = from_backend_error(event);
        }
      },
      e);
}

std::string ResponseAggregator::body() const {
  if (!finished_ || error_ || !finish_reason_) return {};

  json::object message;
  message["role"] = "assistant";
  if (content_.empty() && !calls_.empty()) {
    message["content"] = nullptr;
  } else {
    message["content"] = content_;
  }
  message["refusal"] = nullptr;
  if (!reasoning_.empty()) message["reasoning_content"] = reasoning_;
  if (!calls_.empty()) {
    json::array calls;
    for (const auto& [index, call] : calls_) {
      json::object function;
      function["name"] = call.name;
      // A zero-argument call still carries a valid JSON object.
      function["arguments"] = call.arguments.empty() ? std::string("{}") : call.arguments;
      json::object c;
      c["id"] = call.id;
      c["type"] = "function";
      c["function"] = std::move(function);
      calls.push_back(std::move(c));
    }
    message["tool_calls"] = std::move(calls);
  }

  json::object choice;
  choice["index"] = 0;
  choice["message"] = std::move(message);
  choice["finish_reason"] = finish_reason_name(*finish_reason_);
  choice["logprobs"] = nullptr;

  json::object body;
  body["id"] = meta_.id;
  body["object"] = "chat.completion";
  body["created"] = meta_.created;
  body["model"] = meta_.model;
  body["choices"] = json::array{std::move(choice)};
  body["usage"] = usage_json(usage_.value_or(backend::Usage{}), price_);
  return json::serialize(body);
}

}  // namespace toolgate::gateway::openai
