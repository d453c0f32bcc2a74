// Turns backend events into chat.completion.chunk SSE frames ("data: {...}\n\n"), exactly as the
// official openai SDK expects: role first, finish_reason once, usage chunk, then `data: [DONE]`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "backend/api/events.hpp"
#include "gateway/billing/price.hpp"
#include "gateway/openai/completion_meta.hpp"

namespace toolgate::gateway::openai {

class StreamEncoder {
 public:
  // tool_stream: send argument fragments as they arrive; otherwise each call goes out whole once
  // complete. include_usage: `"usage":null` on every chunk and a usage chunk before [DONE].
  StreamEncoder(CompletionMeta meta, bool tool_stream, bool include_usage, billing::Price price);

  // First chunk: delta {"role":"assistant","content":""}. Idempotent; on_event calls it if needed.
  void begin(std::string& out);
  // Appends zero or more complete SSE frames. Events after the terminal one are ignored.
  void on_event(const backend::Event& e, std::string& out);

  bool finished() const { return finished_; }  // a terminal event was encoded
  const std::optional<backend::Usage>& usage() const { return usage_; }
  // The finish reason sent to the client; nullopt until Finish (and after an Error).
  std::optional<backend::FinishReason> finish_reason() const { return finish_reason_; }

 private:
  struct Call {
    std::string id;
    std::string name;
    std::string arguments;  // buffered (tool_stream=false) or the fragments sent so far
    bool sent = false;      // tool_stream=false: the whole call has been emitted
  };

  void on_text(const backend::TextDelta& e, std::string& out);
  void on_reasoning(const backend::ReasoningDelta& e, std::string& out);
  void on_tool_begin(const backend::ToolCallBegin& e, std::string& out);
  void on_tool_args(const backend::ToolCallArgs& e, std::string& out);
  void on_finish(const backend::Finish& e, std::string& out);
  void on_error(const backend::Error& e, std::string& out);

  // Completes the call whose arguments were still arriving (emits it whole, or "{}" for none).
  void close_open_call(std::string& out);
  void emit_delta(boost::json::object delta, std::string& out) const;
  boost::json::object chunk_head() const;
  static void write_frame(const boost::json::object& chunk, std::string& out);

  CompletionMeta meta_;
  bool tool_stream_;
  bool include_usage_;
  billing::Price price_;
  bool begun_ = false;
  bool finished_ = false;
  std::optional<backend::Usage> usage_;
  std::optional<backend::FinishReason> finish_reason_;
  std::map<std::uint32_t, Call> calls_;  // by the backend's call index, which is also the wire index
  std::optional<std::uint32_t> open_call_;
};

}  // namespace toolgate::gateway::openai
