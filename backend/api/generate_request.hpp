// What a backend is asked to generate: the chat turned into typed, wire-format-neutral values.
// Produced by gateway/openai from a request body; consumed by every backend (built-in engine, upstream).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace toolgate::backend {

enum class Role { system, developer, user, assistant, tool };

// Reasoning effort as toolgate exposes it: `none` on the wire maps to off.
enum class Effort { off, high, max };

struct ToolCall {
  std::string id;
  std::string name;
  std::string arguments;  // JSON text exactly as the client sent it
};

struct Message {
  Role role = Role::user;
  std::string content;                     // text parts concatenated
  bool content_null = false;               // assistant turn with `content: null`
  std::optional<std::string> reasoning;    // assistant `reasoning_content` (or vLLM's `reasoning`)
  std::vector<ToolCall> tool_calls;        // assistant only
  std::string tool_call_id;                // tool only
  std::string name;                        // optional participant name
};

struct ToolDef {
  std::string name;
  std::string description;
  std::string parameters_json;  // JSON Schema text; empty when the client omitted `parameters`
  bool strict = false;
};

struct ToolChoice {
  enum class Mode { none, automatic, required, named };
  Mode mode = Mode::automatic;
  std::string name;  // for Mode::named
};

struct ResponseFormat {
  enum class Type { text, json_object, json_schema };
  Type type = Type::text;
  std::string name;         // json_schema.name
  std::string description;  // json_schema.description
  std::string schema_json;  // json_schema.schema as JSON text
  bool strict = false;
};

struct Sampling {
  std::optional<double> temperature;
  std::optional<double> top_p;
  std::optional<std::int64_t> seed;
};

struct GenerateRequest {
  std::vector<Message> messages;
  std::vector<ToolDef> tools;
  ToolChoice tool_choice;
  bool parallel_tool_calls = true;
  ResponseFormat response_format;
  Sampling sampling;
  std::optional<std::uint32_t> max_tokens;  // visible + reasoning tokens
  std::vector<std::string> stop;
  Effort effort = Effort::off;               // effective effort, set by routing
  std::uint32_t thinking_budget = 0;         // reasoning-token budget of the route; 0 = unlimited
};

}  // namespace toolgate::backend
