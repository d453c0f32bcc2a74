// The `messages` array: one backend::Message per entry, every rejection naming its JSON path.
#include "gateway/openai/message_parser.hpp"

#include <optional>
#include <string>
#include <unordered_set>

namespace toolgate::gateway::openai {

namespace dom = simdjson::dom;
using fields::ObjectReader;
using fields::Status;

namespace {

std::optional<backend::Role> role_from_name(std::string_view s) {
  if (s == "system") return backend::Role::system;
  if (s == "developer") return backend::Role::developer;
  if (s == "user") return backend::Role::user;
  if (s == "assistant") return backend::Role::assistant;
  if (s == "tool") return backend::Role::tool;
  return std::nullopt;
}

bool is_media_part(std::string_view type) {
  return type == "image_url" || type == "input_audio" || type == "file";
}

// Appends the text of one content part; only text (and, for assistant turns, refusal) parts exist
// for a text-only model.
Status append_part(dom::element part_value, const std::string& path, backend::Role role,
                   std::string& out) {
  std::optional<ObjectReader> part;
  if (auto err = ObjectReader::from(part_value, path, part)) return err;
  std::string type;
  if (auto err = part->required_string("type", type)) return err;
  if (type == "text") {
    std::string text;
    if (auto err = part->required_string("text", text)) return err;
    out += text;
    return std::nullopt;
  }
  if (type == "refusal" && role == backend::Role::assistant) {
    std::string refusal;
    if (auto err = part->required_string("refusal", refusal)) return err;
    out += refusal;
    return std::nullopt;
  }
  const std::string type_path = part->path_of("type");
  if (is_media_part(type)) {
    return invalid_request(type_path, "Invalid content part type '" + type + "' at '" + type_path +
                                          "': only text content is supported.");
  }
  return invalid_request(type_path, "Invalid value for '" + type_path + "': unknown content part type '" +
                                        type + "'; only 'text' is supported.");
}

// `content`: a string, an array of parts, or (assistant only) null/absent.
Status parse_content(const ObjectReader& msg, backend::Message& out) {
  const std::string path = msg.path_of("content");
  const auto content = msg.get("content");
  if (!content) {
    if (out.role == backend::Role::assistant) {
      out.content_null = true;
      return std::nullopt;
    }
    dom::element raw;
    if (msg.object().at_key("content").get(raw) == simdjson::SUCCESS) {
      return fields::wrong_type(path, "a string or an array of content parts", raw);
    }
    return fields::missing(path);
  }
  std::string_view text;
  if (content->get(text) == simdjson::SUCCESS) {
    out.content.assign(text);
    return std::nullopt;
  }
  dom::array parts;
  if (content->get(parts) != simdjson::SUCCESS) {
    return fields::wrong_type(path, "a string or an array of content parts", *content);
  }
  std::size_t j = 0;
  for (dom::element part : parts) {
    if (auto err = append_part(part, fields::index_path(path, j), out.role, out.content)) return err;
    ++j;
  }
  return std::nullopt;
}

// Arguments must be a JSON object text: the chat template renders them as key/value pairs.
Status check_arguments(const std::string& path, std::string& arguments, dom::parser& json) {
  if (arguments.find_first_not_of(" \t\r\n") == std::string::npos) {
    // Some clients echo zero-argument calls with empty arguments; they mean "no arguments".
    arguments = "{}";
    return std::nullopt;
  }
  dom::element parsed;
  if (json.parse(arguments).get(parsed) != simdjson::SUCCESS) {
    return invalid_request(path, "Invalid value for '" + path + "': arguments must be valid JSON.");
  }
  if (!parsed.is_object()) {
    return invalid_request(path, "Invalid value for '" + path +
                                     "': arguments must be a JSON object, but got " +
                                     std::string(fields::type_name(parsed)) + ".");
  }
  return std::nullopt;
}

Status parse_tool_call(dom::element value, const std::string& path, dom::parser& json,
                       backend::ToolCall& out) {
  std::optional<ObjectReader> call;
  if (auto err = ObjectReader::from(value, path, call)) return err;
  if (auto err = call->required_string("id", out.id)) return err;
  std::optional<std::string> type;
  if (auto err = call->optional_string("type", type)) return err;
  if (type && *type != "function") {
    const std::string type_path = call->path_of("type");
    return invalid_request(type_path, "Invalid value for '" + type_path +
                                          "': only 'function' tool calls are supported.");
  }
  std::optional<ObjectReader> function;
  if (auto err = call->required_object("function", function)) return err;
  if (auto err = function->required_string("name", out.name)) return err;
  if (out.name.empty()) {
    const std::string name_path = function->path_of("name");
    return invalid_request(name_path, "Invalid value for '" + name_path + "': the name must not be empty.");
  }
  if (auto err = function->required_string("arguments", out.arguments)) return err;
  return check_arguments(function->path_of("arguments"), out.arguments, json);
}

Status parse_assistant(const ObjectReader& msg, dom::parser& json,
                       std::unordered_set<std::string>& call_ids, backend::Message& out) {
  std::optional<std::string> reasoning;
  if (auto err = msg.optional_string("reasoning_content", reasoning)) return err;
  if (!reasoning) {
    // vLLM names the field `reasoning`; accept it so its replies can be sent back verbatim.
    if (auto err = msg.optional_string("reasoning", reasoning)) return err;
  }
  out.reasoning = std::move(reasoning);
  std::optional<dom::array> calls;
  if (auto err = msg.optional_array("tool_calls", calls)) return err;
  if (!calls) return std::nullopt;
  const std::string calls_path = msg.path_of("tool_calls");
  std::size_t j = 0;
  for (dom::element value : *calls) {
    backend::ToolCall call;
    if (auto err = parse_tool_call(value, fields::index_path(calls_path, j), json, call)) return err;
    call_ids.insert(call.id);
    out.tool_calls.push_back(std::move(call));
    ++j;
  }
  return std::nullopt;
}

Status parse_message(dom::element value, const std::string& path, dom::parser& json,
                     std::unordered_set<std::string>& call_ids, backend::Message& out) {
  std::optional<ObjectReader> msg;
  if (auto err = ObjectReader::from(value, path, msg)) return err;
  std::string role;
  if (auto err = msg->required_string("role", role)) return err;
  const std::string role_path = msg->path_of("role");
  if (role == "function") {
    return invalid_request(role_path, "Invalid value for '" + role_path +
                                          "': the deprecated 'function' role is not supported; send "
                                          "tool results as 'tool' messages with a 'tool_call_id'.");
  }
  const auto parsed_role = role_from_name(role);
  if (!parsed_role) {
    return invalid_request(role_path, "Invalid value for '" + role_path + "': '" + role +
                                          "'. Supported values are: 'system', 'developer', 'user', "
                                          "'assistant' and 'tool'.");
  }
  out.role = *parsed_role;
  if (auto err = parse_content(*msg, out)) return err;
  std::optional<std::string> name;
  if (auto err = msg->optional_string("name", name)) return err;
  if (name) out.name = std::move(*name);

  if (out.role == backend::Role::assistant) return parse_assistant(*msg, json, call_ids, out);
  if (out.role == backend::Role::tool) {
    if (auto err = msg->required_string("tool_call_id", out.tool_call_id)) return err;
    if (call_ids.count(out.tool_call_id) == 0) {
      const std::string id_path = msg->path_of("tool_call_id");
      return invalid_request(id_path, "Invalid value for '" + id_path + "': '" + out.tool_call_id +
                                          "' does not match the id of any tool call in a preceding "
                                          "assistant message.");
    }
  }
  return std::nullopt;
}

}  // namespace

Status parse_messages(dom::element messages, std::vector<backend::Message>& out) {
  const std::string path = "messages";
  dom::array items;
  if (messages.get(items) != simdjson::SUCCESS) {
    return fields::wrong_type(path, "an array of messages", messages);
  }
  if (items.size() == 0) {
    return invalid_request(path, "Invalid value for 'messages': it must contain at least one message.");
  }
  dom::parser json;  // for tool-call arguments; separate so the request document stays valid
  std::unordered_set<std::string> call_ids;
  out.clear();
  out.reserve(items.size());
  std::size_t i = 0;
  for (dom::element value : items) {
    backend::Message message;
    if (auto err = parse_message(value, fields::index_path(path, i), json, call_ids, message)) return err;
    out.push_back(std::move(message));
    ++i;
  }
  return std::nullopt;
}

}  // namespace toolgate::gateway::openai
