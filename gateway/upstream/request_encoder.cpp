#include "gateway/upstream/request_encoder.hpp"

#include <array>

#include <boost/json.hpp>

namespace toolgate::gateway::upstream {
namespace {

namespace json = boost::json;
using backend::Effort;
using backend::Role;

// Schemas and passthrough values were validated JSON when the request was parsed. Should one
// not parse anyway, it goes up as a string so the upstream rejects it visibly instead of toolgate
// silently dropping it.
json::value embed(std::string_view json_text) {
  boost::system::error_code ec;
  json::value v = json::parse(json_text, ec);
  if (ec) return json::value(json::string(json_text));
  return v;
}

std::string_view role_name(Role role, Dialect dialect) {
  switch (role) {
    case Role::system: return "system";
    // GLM chat templates know no developer role; vLLM and Z.AI would drop or reject it.
    case Role::developer: return dialect == Dialect::openai ? "developer" : "system";
    case Role::user: return "user";
    case Role::assistant: return "assistant";
    case Role::tool: return "tool";
  }
  return "user";
}

json::object encode_message(const backend::Message& m, Dialect dialect) {
  json::object out;
  out["role"] = role_name(m.role, dialect);
  if (m.content_null) {
    out["content"] = nullptr;
  } else {
    out["content"] = m.content;
  }
  if (!m.name.empty()) out["name"] = m.name;
  if (m.role == Role::assistant) {
    // Interleaved thinking: GLM wants earlier reasoning back; plain OpenAI rejects the field.
    if (m.reasoning && dialect != Dialect::openai) out["reasoning_content"] = *m.reasoning;
    if (!m.tool_calls.empty()) {
      json::array calls;
      for (const auto& call : m.tool_calls) {
        calls.push_back(json::object{
            {"id", call.id},
            {"type", "function"},
            {"function", json::object{{"name", call.name}, {"arguments", call.arguments}}},
        });
      }
      out["tool_calls"] = std::move(calls);
    }
  }
  if (m.role == Role::tool) out["tool_call_id"] = m.tool_call_id;
  return out;
}

json::object encode_tool(const backend::ToolDef& tool) {
  json::object fn;
  fn["name"] = tool.name;
  if (!tool.description.empty()) fn["description"] = tool.description;
  if (!tool.parameters_json.empty()) fn["parameters"] = embed(tool.parameters_json);
  if (tool.strict) fn["strict"] = true;
  return json::object{{"type", "function"}, {"function", std::move(fn)}};
}

json::value encode_tool_choice(const backend::ToolChoice& choice) {
  using Mode = backend::ToolChoice::Mode;
  switch (choice.mode) {
    case Mode::none: return "none";
    case Mode::automatic: return "auto";
    case Mode::required: return "required";
    case Mode::named:
      return json::object{{"type", "function"}, {"function", json::object{{"name", choice.name}}}};
  }
  return "auto";
}

json::object encode_response_format(const backend::ResponseFormat& rf) {
  using Type = backend::ResponseFormat::Type;
  if (rf.type == Type::json_object) return json::object{{"type", "json_object"}};
  json::object schema;
  schema["name"] = rf.name;
  if (!rf.description.empty()) schema["description"] = rf.description;
  if (!rf.schema_json.empty()) schema["schema"] = embed(rf.schema_json);
  schema["strict"] = rf.strict;
  return json::object{{"type", "json_schema"}, {"json_schema", std::move(schema)}};
}

// GLM-only request fields a client may have sent as passthrough; a plain OpenAI upstream
// answers 400 to unknown parameters, so they are stripped for it.
constexpr std::array<std::string_view, 7> kGlmOnlyFields = {
    "thinking", "tool_stream", "do_sample", "request_id", "user_id", "chat_template_kwargs",
    "clear_thinking"};

bool is_glm_only(std::string_view key) {
  for (auto f : kGlmOnlyFields) {
    if (f == key) return true;
  }
  return false;
}

void add_dialect_fields(json::object& body, const openai::ChatRequest& chat, Dialect dialect,
                        bool stream) {
  const Effort effort = chat.generate.effort;
  switch (dialect) {
    case Dialect::openai:
      break;
    case Dialect::glm: {
      json::object thinking{{"type", effort == Effort::off ? "disabled" : "enabled"}};
      if (chat.clear_thinking) thinking["clear_thinking"] = *chat.clear_thinking;
      body["thinking"] = std::move(thinking);
      if (effort != Effort::off) body["reasoning_effort"] = effort == Effort::max ? "max" : "high";
      if (chat.tool_stream && stream) body["tool_stream"] = true;
      break;
    }
    case Dialect::vllm: {
      // Keep any template switches the client passed through; thinking is routing's decision.
      json::object kwargs;
      for (const auto& [key, value] : chat.passthrough) {
        if (key != "chat_template_kwargs") continue;
        json::value v = embed(value);
        if (v.is_object()) kwargs = std::move(v.as_object());
      }
      kwargs["enable_thinking"] = effort != Effort::off;
      body["chat_template_kwargs"] = std::move(kwargs);
      break;
    }
  }
}

}  // namespace

std::string encode_upstream_request(const openai::ChatRequest& chat, std::string_view model,
                                    Dialect dialect, bool stream) {
  const backend::GenerateRequest& g = chat.generate;
  json::object body;
  body["model"] = model;

  json::array messages;
  for (const auto& m : g.messages) messages.push_back(encode_message(m, dialect));
  body["messages"] = std::move(messages);

  // tool_choice and parallel_tool_calls are rejected by OpenAI when no tools are sent.
  if (!g.tools.empty()) {
    json::array tools;
    for (const auto& t : g.tools) tools.push_back(encode_tool(t));
    body["tools"] = std::move(tools);
    body["tool_choice"] = encode_tool_choice(g.tool_choice);
    body["parallel_tool_calls"] = g.parallel_tool_calls;
  }
  if (g.response_format.type != backend::ResponseFormat::Type::text) {
    body["response_format"] = encode_response_format(g.response_format);
  }
  if (g.sampling.temperature) body["temperature"] = *g.sampling.temperature;
  if (g.sampling.top_p) body["top_p"] = *g.sampling.top_p;
  if (g.sampling.seed) body["seed"] = *g.sampling.seed;
  if (g.max_tokens) {
    // OpenAI deprecated max_tokens (reasoning models reject it); Z.AI and vLLM read max_tokens.
    body[dialect == Dialect::openai ? "max_completion_tokens" : "max_tokens"] = *g.max_tokens;
  }
  if (!g.stop.empty()) {
    json::array stop;
    for (const auto& s : g.stop) stop.push_back(json::value(json::string(s)));
    body["stop"] = std::move(stop);
  }
  if (!chat.user.empty()) body["user"] = chat.user;

  body["stream"] = stream;
  if (stream) body["stream_options"] = json::object{{"include_usage", true}};
  add_dialect_fields(body, chat, dialect, stream);

  for (const auto& [key, value] : chat.passthrough) {
    // stream_options without stream is a 400 upstream; toolgate owns it anyway.
    if (body.contains(key) || key == "stream_options") continue;
    if (dialect == Dialect::openai && is_glm_only(key)) continue;
    body[key] = embed(value);
  }
  return json::serialize(body);
}

}  // namespace toolgate::gateway::upstream
