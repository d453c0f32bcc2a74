#include "gateway/upstream/completion_decoder.hpp"

#include <simdjson.h>

#include "gateway/upstream/wire_fields.hpp"

namespace toolgate::gateway::upstream {
namespace {

using simdjson::dom::element;
using wire::array_field;
using wire::field;
using wire::protocol_error;

// Emits each call whole; returns false (after appending an Error) for a nameless call.
bool decode_tool_calls(simdjson::dom::array calls, std::vector<backend::Event>& out) {
  std::uint32_t index = 0;
  for (element call : calls) {
    std::optional<std::string_view> name;
    std::optional<std::string_view> args;
    if (auto fn = field(call, "function")) {
      name = wire::string_field(*fn, "name");
      args = wire::string_field(*fn, "arguments");
    }
    if (!name || name->empty()) {
      out.emplace_back(protocol_error("upstream sent tool call " + std::to_string(index) +
                                      " without a function name"));
      return false;
    }
    auto id = wire::string_field(call, "id");
    out.emplace_back(backend::ToolCallBegin{
        index, id && !id->empty() ? std::string(*id) : wire::new_call_id(), std::string(*name)});
    // Zero-argument calls still carry valid JSON, as in the streamed form.
    out.emplace_back(
        backend::ToolCallArgs{index, args && !args->empty() ? std::string(*args) : "{}"});
    ++index;
  }
  return true;
}

}  // namespace

void decode_completion(std::string_view json, std::vector<backend::Event>& out) {
  simdjson::dom::parser parser;
  element doc;
  if (parser.parse(json.data(), json.size()).get(doc) != simdjson::SUCCESS || !doc.is_object()) {
    out.emplace_back(protocol_error("upstream sent an invalid completion body"));
    return;
  }
  if (auto error = wire::read_error(doc)) {
    out.emplace_back(std::move(*error));
    return;
  }
  std::optional<element> choice;
  if (auto choices = array_field(doc, "choices")) {
    for (element c : *choices) {
      auto index = field(c, "index");
      std::int64_t i = 0;
      if (!index || (index->get_int64().get(i) == simdjson::SUCCESS && i == 0)) {
        choice = c;
        break;
      }
    }
  }
  auto message = choice ? field(*choice, "message") : std::nullopt;
  if (!message || !message->is_object()) {
    out.emplace_back(protocol_error("upstream completion has no choices"));
    return;
  }

  if (auto reasoning = wire::reasoning_field(*message); reasoning && !reasoning->empty()) {
    out.emplace_back(backend::ReasoningDelta{std::string(*reasoning)});
  }
  if (auto text = wire::string_field(*message, "content"); text && !text->empty()) {
    out.emplace_back(backend::TextDelta{std::string(*text)});
  }
  if (auto refusal = wire::string_field(*message, "refusal"); refusal && !refusal->empty()) {
    out.emplace_back(backend::TextDelta{std::string(*refusal)});
  }
  bool saw_calls = false;
  if (auto calls = array_field(*message, "tool_calls")) {
    if (!decode_tool_calls(*calls, out)) return;
    saw_calls = calls->size() > 0;
  }
  if (auto usage = field(doc, "usage")) {
    if (auto u = wire::read_usage(*usage)) out.emplace_back(*u);
  }
  auto normalized =
      wire::normalize_finish(wire::string_field(*choice, "finish_reason").value_or("stop"),
                             saw_calls);
  if (auto* error = std::get_if<backend::Error>(&normalized)) {
    out.emplace_back(std::move(*error));
    return;
  }
  out.emplace_back(backend::Finish{std::get<backend::FinishReason>(normalized)});
}

}  // namespace toolgate::gateway::upstream
