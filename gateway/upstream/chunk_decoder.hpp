// Turns the `data:` payloads of an upstream chat.completion.chunk stream into neutral events.
// Pure and incremental; irons out vendor quirks (reasoning names, split tool names, finish reasons).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "backend/api/events.hpp"

namespace toolgate::gateway::upstream {

class ChunkDecoder {
 public:
  // Appends the events for one SSE `data:` payload (not "[DONE]"). Invalid JSON or an `error`
  // object yields an Error, after which the decoder is done() and ignores further input.
  void on_chunk(std::string_view json, std::vector<backend::Event>& out);

  // An SSE event named `error`: its payload is an error whatever its shape.
  void on_error_event(std::string_view data, std::vector<backend::Event>& out);

  // At [DONE] or end of stream: Usage (if seen) then exactly one Finish, or an Error when the
  // stream produced neither a finish_reason nor any content ("upstream stream ended prematurely").
  void finish(std::vector<backend::Event>& out);

  // True once a terminal event has been appended.
  bool done() const { return done_; }
  // True once an upstream finish_reason arrived (a stream cut after it is still complete).
  bool has_finish_reason() const { return finish_reason_.has_value(); }

 private:
  struct ToolState {
    std::int64_t upstream_index = 0;
    std::uint32_t index = 0;  // dense, in order of first appearance
    std::string id;
    std::string name;         // buffered until arguments start: names go out whole, once
    bool begun = false;
    bool has_args = false;
  };

  void on_delta(simdjson::dom::element delta, std::vector<backend::Event>& out);
  void on_tool_delta(simdjson::dom::element call, std::vector<backend::Event>& out);
  ToolState& tool_for(std::int64_t upstream_index, std::vector<backend::Event>& out);
  void begin(ToolState& tool, std::vector<backend::Event>& out);
  void close_calls(std::vector<backend::Event>& out);
  void fail(backend::Error error, std::vector<backend::Event>& out);

  simdjson::dom::parser parser_;
  std::vector<ToolState> tools_;
  std::optional<std::string> finish_reason_;  // raw; normalised at finish() once all calls are known
  std::optional<backend::Usage> usage_;
  bool saw_content_ = false;
  bool done_ = false;
};

}  // namespace toolgate::gateway::upstream
