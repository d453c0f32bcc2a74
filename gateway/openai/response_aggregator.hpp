// Aggregates the backend event stream into one chat.completion body for non-streaming requests,
// with the same tool-call and finish-reason semantics as the stream encoder.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "backend/api/events.hpp"
#include "gateway/billing/price.hpp"
#include "gateway/openai/api_error.hpp"
#include "gateway/openai/completion_meta.hpp"

namespace toolgate::gateway::openai {

class ResponseAggregator {
 public:
  ResponseAggregator(CompletionMeta meta, billing::Price price);

  // Events after the terminal one are ignored.
  void on_event(const backend::Event& e);

  bool finished() const { return finished_; }
  // Set when the terminal event was an Error; the caller replies with it instead of body().
  const std::optional<ApiError>& error() const { return error_; }
  // The chat.completion JSON; empty unless finished without error.
  std::string body() const;
  const std::optional<backend::Usage>& usage() const { return usage_; }
  // The finish reason reported in the body; nullopt until Finish (and after an Error).
  std::optional<backend::FinishReason> finish_reason() const { return finish_reason_; }

 private:
  struct Call {
    std::string id;
    std::string name;
    std::string arguments;
  };

  CompletionMeta meta_;
  billing::Price price_;
  bool finished_ = false;
  std::optional<ApiError> error_;
  std::optional<backend::Usage> usage_;
  std::optional<backend::FinishReason> finish_reason_;
  std::string content_;
  std::string reasoning_;
  std::map<std::uint32_t, Call> calls_;  // by index, so the body lists them in index order
};

}  // namespace toolgate::gateway::openai
