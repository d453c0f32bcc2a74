// chat.completion.chunk encoding of the neutral event stream.
#include "gateway/openai/stream_encoder.hpp"

#include <utility>
#include <variant>

#include <boost/json.hpp>

#include "gateway/openai/api_error.hpp"
#include "gateway/openai/effort.hpp"
#include "gateway/openai/usage_json.hpp"

namespace toolgate::gateway::openai {

namespace json = boost::json;

namespace {

json::object tool_call_delta(std::uint32_t index, json::object fields) {
  json::object call;
  call["index"] = index;
  for (auto& field : fields) call[field.key()] = std::move(field.value());
  json::object delta;
  delta["tool_calls"] = json::array{std::move(call)};
  return delta;
}

json::object arguments_only(std::string_view arguments) {
  return json::object{{"function", json::object{{"arguments", arguments}}}};
}

}  // namespace

StreamEncoder::StreamEncoder(CompletionMeta meta, bool tool_stream, bool include_usage,
                             billing::Price price)
    : meta_(std::move(meta)),
      tool_stream_(tool_stream),
      include_usage_(include_usage),
      price_(std::move(price)) {}

json::object StreamEncoder::chunk_head() const {
  json::object chunk;
  chunk["id"] = meta_.id;
  chunk["object"] = "chat.completion.chunk";
  chunk["created"] = meta_.created;
  chunk["model"] = meta_.model;
  return chunk;
}

void StreamEncoder::write_frame(const json::object& chunk, std::string& out) {
  out += "data: ";
  out += json::serialize(chunk);
  out += "\n\n";
}

void StreamEncoder::emit_delta(json::object delta, std::string& out) const {
  json::object choice;
  choice["index"] = 0;
  choice["delta"] = std::move(delta);
  choice["finish_reason"] = nullptr;
  choice["logprobs"] = nullptr;
  json::object chunk = chunk_head();
  chunk["choices"] = json::array{std::move(choice)};
  if (include_usage_) chunk["usage"] = nullptr;
  write_frame(chunk, out);
}

void StreamEncoder::begin(std::string& out) {
  if (begun_ || finished_) return;
  begun_ = true;
  emit_delta(json::object{{"role", "assistant"}, {"content", ""}}, out);
}

void StreamEncoder::on_event(const backend::Event& e, std::string& out) {
  if (finished_) return;
  if (!std::holds_alternative<backend::Error>(e)) begin(out);
  std::visit(
      [&](const auto& event) {
        using T = std::decay_t<decltype(event)>;
        if constexpr (std::is_same_v<T, backend::TextDelta>) {
          on_text(event, out);
        } else if constexpr (std::is_same_v<T, backend::ReasoningDelta>) {
          on_reasoning(event, out);
        } else if constexpr (std::is_same_v<T, backend::ToolCallBegin>) {
          on_tool_begin(event, out);
        } else if constexpr (std::is_same_v<T, backend::ToolCallArgs>) {
          on_tool_args(event, out);
        } else if constexpr (std::is_same_v<T, backend::Usage>) {
          usage_ = event;  // sent after the finish chunk, when the client asked for it
        } else if constexpr (std::is_same_v<T, backend::Finish>) {
          on_finish(event, out);
        } else {
          on_error(event, out);
        }
      },
      e);
}

void StreamEncoder::on_text(const backend::TextDelta& e, std::string& out) {
  close_open_call(out);
  if (e.text.empty()) return;
  emit_delta(json::object{{"content", e.text}}, out);
}

void StreamEncoder::on_reasoning(const backend::ReasoningDelta& e, std::string& out) {
  close_open_call(out);
  if (e.text.empty()) return;
  emit_delta(json::object{{"reasoning_content", e.text}}, out);
}

void StreamEncoder::on_tool_begin(const backend::ToolCallBegin& e, std::string& out) {
  close_open_call(out);
  // A repeated index would make the SDK merge two calls into one; the first one wins.
  if (!calls_.emplace(e.index, Call{e.id, e.name, {}, false}).second) return;
  open_call_ = e.index;
  if (!tool_stream_) return;
  emit_delta(tool_call_delta(e.index, json::object{{"id", e.id},
                                                   {"type", "function"},
                                                   {"function", json::object{{"name", e.name},
                                                                             {"arguments", ""}}}}),
             out);
}

void StreamEncoder::on_tool_args(const backend::ToolCallArgs& e, std::string& out) {
  const auto it = calls_.find(e.index);
  if (it == calls_.end() || e.fragment.empty()) return;  // fragments need an opened call
  Call& call = it->second;
  call.arguments += e.fragment;
  // Buffered calls wait for completion; a late fragment of an already-sent call still streams.
  if (!tool_stream_ && !call.sent) return;
  emit_delta(tool_call_delta(e.index, arguments_only(e.fragment)), out);
}

void StreamEncoder::close_open_call(std::string& out) {
  if (!open_call_) return;
  const std::uint32_t index = *open_call_;
  open_call_.reset();
  Call& call = calls_.at(index);
  if (tool_stream_) {
    // A zero-argument call must still end up with a valid JSON object.
    if (call.arguments.empty()) {
      call.arguments = "{}";
      emit_delta(tool_call_delta(index, arguments_only(call.arguments)), out);
    }
    return;
  }
  if (call.arguments.empty()) call.arguments = "{}";
  call.sent = true;
  emit_delta(tool_call_delta(index, json::object{{"id", call.id},
                                                 {"type", "function"},
                                                 {"function", json::object{{"name", call.name},
                                                                           {"arguments", call.arguments}}}}),
             out);
}

void StreamEncoder::on_finish(const backend::Finish& e, std::string& out) {
  close_open_call(out);
  finished_ = true;
  finish_reason_ = wire_finish_reason(e.reason, !calls_.empty());

  json::object choice;
  choice["index"] = 0;
  choice["delta"] = json::object{};
  choice["finish_reason"] = finish_reason_name(*finish_reason_);
  choice["logprobs"] = nullptr;
  json::object chunk = chunk_head();
  chunk["choices"] = json::array{std::move(choice)};
  if (include_usage_) chunk["usage"] = nullptr;
  write_frame(chunk, out);

  if (include_usage_) {
    json::object usage_chunk = chunk_head();
    usage_chunk["choices"] = json::array{};
    usage_chunk["usage"] = usage_json(usage_.value_or(backend::Usage{}), price_);
    write_frame(usage_chunk, out);
  }
  out += "data: [DONE]\n\n";
}

void StreamEncoder::on_error(const backend::Error& e, std::string& out) {
  // Headers are already sent, so the error travels in-band; the SDK raises APIError on it.
  finished_ = true;
  out += "data: ";
  out += error_body(from_backend_error(e));
  out += "\n\n";
}

}  // namespace toolgate::gateway::openai
