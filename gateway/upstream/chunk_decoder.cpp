#include "gateway/upstream/chunk_decoder.hpp"

#include <utility>

#include "gateway/upstream/wire_fields.hpp"

namespace toolgate::gateway::upstream {
namespace {

using simdjson::dom::element;
using wire::array_field;
using wire::field;
using wire::protocol_error;

}  // namespace

void ChunkDecoder::on_chunk(std::string_view json, std::vector<backend::Event>& out) {
  if (done_) return;
  element doc;
  if (parser_.parse(json.data(), json.size()).get(doc) != simdjson::SUCCESS || !doc.is_object()) {
    fail(protocol_error("upstream sent an invalid stream chunk"), out);
    return;
  }
  if (auto error = wire::read_error(doc)) {
    fail(std::move(*error), out);
    return;
  }
  if (auto usage = field(doc, "usage")) {
    // Servers with continuous usage send it on every chunk; the last one is the total.
    if (auto u = wire::read_usage(*usage)) usage_ = *u;
  }
  auto choices = array_field(doc, "choices");
  if (!choices) return;
  for (element choice : *choices) {
    // toolgate asks for one choice; any other index (n > 1 passed through) is not relayed.
    auto index = field(choice, "index");
    std::int64_t i = 0;
    if (index && index->get_int64().get(i) == simdjson::SUCCESS && i != 0) continue;
    if (auto delta = field(choice, "delta"); delta && delta->is_object()) on_delta(*delta, out);
    if (done_) return;
    if (auto reason = wire::string_field(choice, "finish_reason")) {
      auto normalized = wire::normalize_finish(*reason, !tools_.empty());
      if (auto* error = std::get_if<backend::Error>(&normalized)) {
        fail(std::move(*error), out);
        return;
      }
      finish_reason_ = std::string(*reason);
      close_calls(out);
    }
  }
}

void ChunkDecoder::on_error_event(std::string_view data, std::vector<backend::Event>& out) {
  if (done_) return;
  element doc;
  if (parser_.parse(data.data(), data.size()).get(doc) == simdjson::SUCCESS) {
    if (auto error = wire::read_error(doc)) {
      fail(std::move(*error), out);
      return;
    }
    if (auto message = wire::string_field(doc, "message")) {
      fail(protocol_error(std::string(*message)), out);
      return;
    }
  }
  fail(protocol_error(data.empty() ? std::string("upstream sent an error event")
                                   : std::string(data)),
       out);
}

void ChunkDecoder::finish(std::vector<backend::Event>& out) {
  if (done_) return;
  close_calls(out);
  if (!finish_reason_ && !saw_content_) {
    fail(protocol_error("upstream stream ended prematurely"), out);
    return;
  }
  if (usage_) out.emplace_back(*usage_);
  // A stream with content but no finish_reason (seen from some SGLang builds) still ended at
  // [DONE]; its reason follows from what it produced.
  auto normalized = wire::normalize_finish(finish_reason_.value_or("stop"), !tools_.empty());
  if (auto* error = std::get_if<backend::Error>(&normalized)) {
    fail(std::move(*error), out);
    return;
  }
  out.emplace_back(backend::Finish{std::get<backend::FinishReason>(normalized)});
  done_ = true;
}

void ChunkDecoder::on_delta(element delta, std::vector<backend::Event>& out) {
  if (auto reasoning = wire::reasoning_field(delta); reasoning && !reasoning->empty()) {
    saw_content_ = true;
    out.emplace_back(backend::ReasoningDelta{std::string(*reasoning)});
  }
  if (auto text = wire::string_field(delta, "content"); text && !text->empty()) {
    saw_content_ = true;
    out.emplace_back(backend::TextDelta{std::string(*text)});
  }
  // There is no refusal event; a refusal is the model's visible answer, so it goes out as text.
  if (auto refusal = wire::string_field(delta, "refusal"); refusal && !refusal->empty()) {
    saw_content_ = true;
    out.emplace_back(backend::TextDelta{std::string(*refusal)});
  }
  auto calls = array_field(delta, "tool_calls");
  if (!calls) return;
  for (element call : *calls) {
    on_tool_delta(call, out);
    if (done_) return;
  }
}

void ChunkDecoder::on_tool_delta(element call, std::vector<backend::Event>& out) {
  std::int64_t upstream_index = 0;
  if (auto index = field(call, "index")) {
    if (index->get_int64().get(upstream_index) != simdjson::SUCCESS || upstream_index < 0) {
      fail(protocol_error("upstream sent a tool call with an invalid index"), out);
      return;
    }
  }
  saw_content_ = true;
  ToolState& tool = tool_for(upstream_index, out);
  auto id = wire::string_field(call, "id");
  std::optional<std::string_view> name;
  std::optional<std::string_view> args;
  if (auto fn = field(call, "function")) {
    name = wire::string_field(*fn, "name");
    args = wire::string_field(*fn, "arguments");
  }

  // Identity is sent once. Later copies (vllm #44098 re-sends id/type/name with the last
  // arguments) are dropped; before arguments start, name pieces without an id are a name split
  // across deltas and are joined.
  if (!tool.begun && name && !name->empty()) {
    const bool repeated_identity = id && !tool.id.empty() && *id == tool.id && tool.name == *name;
    if (!repeated_identity) tool.name += *name;
  }
  if (id && !id->empty() && tool.id.empty()) tool.id = std::string(*id);
  if (args && !args->empty()) {
    if (!tool.begun) begin(tool, out);
    if (done_) return;
    tool.has_args = true;
    out.emplace_back(backend::ToolCallArgs{tool.index, std::string(*args)});
  }
}

ChunkDecoder::ToolState& ChunkDecoder::tool_for(std::int64_t upstream_index,
                                                 std::vector<backend::Event>& out) {
  for (auto& tool : tools_) {
    if (tool.upstream_index == upstream_index) return tool;
  }
  // A new call ends the previous ones' naming phase; their Begins must precede this call's.
  for (auto& tool : tools_) {
    if (!tool.begun) begin(tool, out);
  }
  ToolState tool;
  tool.upstream_index = upstream_index;
  tool.index = static_cast<std::uint32_t>(tools_.size());
  tools_.push_back(std::move(tool));
  return tools_.back();
}

void ChunkDecoder::begin(ToolState& tool, std::vector<backend::Event>& out) {
  if (done_) return;
  if (tool.name.empty()) {
    fail(protocol_error("upstream sent tool call " + std::to_string(tool.index) +
                        " without a function name"),
         out);
    return;
  }
  if (tool.id.empty()) tool.id = wire::new_call_id();
  tool.begun = true;
  out.emplace_back(backend::ToolCallBegin{tool.index, tool.id, tool.name});
}

void ChunkDecoder::close_calls(std::vector<backend::Event>& out) {
  for (auto& tool : tools_) {
    if (!tool.begun) begin(tool, out);
    if (done_) return;
    // A call with no arguments still needs valid JSON arguments for SDKs that parse them.
    if (!tool.has_args) {
      tool.has_args = true;
      out.emplace_back(backend::ToolCallArgs{tool.index, "{}"});
    }
  }
}

void ChunkDecoder::fail(backend::Error error, std::vector<backend::Event>& out) {
  out.emplace_back(std::move(error));
  done_ = true;
}

}  // namespace toolgate::gateway::upstream
