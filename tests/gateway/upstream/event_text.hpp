// Renders neutral events as short, comparable text for the upstream tests.
// One line per event: R:/T: deltas, B<i>:id:name, A<i>:fragment, U:p/cached/c/reasoning, F:, E:.
#pragma once

#include <string>
#include <vector>

#include "backend/api/events.hpp"

namespace toolgate::gateway::upstream::testing {

inline std::string finish_name(backend::FinishReason r) {
  switch (r) {
    case backend::FinishReason::stop: return "stop";
    case backend::FinishReason::length: return "length";
    case backend::FinishReason::tool_calls: return "tool_calls";
    case backend::FinishReason::content_filter: return "content_filter";
  }
  return "?";
}

inline std::string kind_name(backend::ErrorKind k) {
  switch (k) {
    case backend::ErrorKind::invalid_request: return "invalid_request";
    case backend::ErrorKind::rate_limited: return "rate_limited";
    case backend::ErrorKind::upstream_error: return "upstream_error";
    case backend::ErrorKind::upstream_timeout: return "upstream_timeout";
    case backend::ErrorKind::unavailable: return "unavailable";
    case backend::ErrorKind::internal: return "internal";
  }
  return "?";
}

struct EventText {
  std::string operator()(const backend::TextDelta& e) const { return "T:" + e.text; }
  std::string operator()(const backend::ReasoningDelta& e) const { return "R:" + e.text; }
  std::string operator()(const backend::ToolCallBegin& e) const {
    return "B" + std::to_string(e.index) + ":" + e.id + ":" + e.name;
  }
  std::string operator()(const backend::ToolCallArgs& e) const {
    return "A" + std::to_string(e.index) + ":" + e.fragment;
  }
  std::string operator()(const backend::Usage& e) const {
    return "U:" + std::to_string(e.prompt_tokens) + "/" + std::to_string(e.cached_tokens) + "/" +
           std::to_string(e.completion_tokens) + "/" + std::to_string(e.reasoning_tokens);
  }
  std::string operator()(const backend::Finish& e) const { return "F:" + finish_name(e.reason); }
  std::string operator()(const backend::Error& e) const {
    return "E:" + kind_name(e.kind) + ":" + e.message;
  }
};

inline std::vector<std::string> to_text(const std::vector<backend::Event>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(std::visit(EventText{}, e));
  return out;
}

// Merges adjacent deltas of the same kind so differently chunked streams compare equal.
inline std::vector<std::string> coalesced(const std::vector<backend::Event>& events) {
  std::vector<std::string> out;
  for (const auto& line : to_text(events)) {
    auto prefix = line.substr(0, line.find(':') + 1);
    bool mergeable = prefix == "T:" || prefix == "R:" || prefix.front() == 'A';
    if (mergeable && !out.empty() && out.back().rfind(prefix, 0) == 0) {
      out.back() += line.substr(prefix.size());
    } else {
      out.push_back(line);
    }
  }
  return out;
}

}  // namespace toolgate::gateway::upstream::testing
