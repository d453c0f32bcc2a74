// `tools`, `tool_choice` and `response_format`: the fields that constrain what the model may emit.
#include "gateway/openai/tool_parser.hpp"

#include <optional>
#include <string>
#include <unordered_set>

#include "schemas/validator/schema_cache.hpp"

namespace toolgate::gateway::openai {

namespace dom = simdjson::dom;
using fields::ObjectReader;
using fields::Status;

namespace {

constexpr std::size_t kMaxNameLength = 64;

Status check_name(const ObjectReader& obj, std::string_view key, const std::string& name) {
  if (is_valid_function_name(name)) return std::nullopt;
  const std::string path = obj.path_of(key);
  return invalid_request(path, "Invalid value for '" + path + "': '" + name +
                                   "' must be 1 to 64 characters of a-z, A-Z, 0-9, underscores "
                                   "and dashes.");
}

// A JSON Schema member: must be an object that compiles, kept as minified JSON text. Compiling here
// (through the shared cache, so once per distinct schema) turns a broken schema into a 400 naming
// the broken part, before any backend sees the request.
Status read_schema(const ObjectReader& obj, std::string_view key, std::string& out) {
  const auto e = obj.get(key);
  if (!e) return std::nullopt;
  if (!e->is_object()) return fields::wrong_type(obj.path_of(key), "an object", *e);
  out = simdjson::minify(*e);
  auto compiled = schemas::shared_schema_cache().get(out, schemas::CompileOptions{});
  if (!compiled) {
    const std::string path = obj.path_of(key);
    const auto& error = compiled.error();
    return invalid_request(path, "Invalid schema for '" + path + "'" +
                                     (error.schema_location.empty() ? "" : " at '" + error.schema_location + "'") +
                                     ": " + error.message + ".",
                           "invalid_schema");
  }
  return std::nullopt;
}

Status parse_tool(dom::element value, const std::string& path, backend::ToolDef& out) {
  std::optional<ObjectReader> tool;
  if (auto err = ObjectReader::from(value, path, tool)) return err;
  std::string type;
  if (auto err = tool->required_string("type", type)) return err;
  if (type != "function") {
    const std::string type_path = tool->path_of("type");
    return invalid_request(type_path, "Invalid value for '" + type_path + "': '" + type +
                                          "'. Only 'function' tools are supported.");
  }
  std::optional<ObjectReader> function;
  if (auto err = tool->required_object("function", function)) return err;
  if (auto err = function->required_string("name", out.name)) return err;
  if (auto err = check_name(*function, "name", out.name)) return err;
  std::optional<std::string> description;
  if (auto err = function->optional_string("description", description)) return err;
  if (description) out.description = std::move(*description);
  if (auto err = read_schema(*function, "parameters", out.parameters_json)) return err;
  std::optional<bool> strict;
  if (auto err = function->optional_bool("strict", strict)) return err;
  out.strict = strict.value_or(false);
  return std::nullopt;
}

bool has_tool(const std::vector<backend::ToolDef>& tools, std::string_view name) {
  for (const auto& t : tools) {
    if (t.name == name) return true;
  }
  return false;
}

Status parse_named_choice(const ObjectReader& choice, const std::vector<backend::ToolDef>& tools,
                          backend::ToolChoice& out) {
  std::string type;
  if (auto err = choice.required_string("type", type)) return err;
  if (type != "function") {
    const std::string type_path = choice.path_of("type");
    return invalid_request(type_path, "Invalid value for '" + type_path + "': '" + type +
                                          "'. Only {\"type\": \"function\"} tool choices are "
                                          "supported.");
  }
  std::optional<ObjectReader> function;
  if (auto err = choice.required_object("function", function)) return err;
  std::string name;
  if (auto err = function->required_string("name", name)) return err;
  if (!has_tool(tools, name)) {
    const std::string name_path = function->path_of("name");
    return invalid_request(name_path, "Invalid value for '" + name_path + "': tool '" + name +
                                          "' is not among the request's tools.");
  }
  out.mode = backend::ToolChoice::Mode::named;
  out.name = std::move(name);
  return std::nullopt;
}

}  // namespace

bool is_valid_function_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameLength) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Status parse_tools(const ObjectReader& root, std::vector<backend::ToolDef>& out) {
  std::optional<dom::array> tools;
  if (auto err = root.optional_array("tools", tools)) return err;
  if (!tools) return std::nullopt;
  std::unordered_set<std::string> names;
  std::size_t i = 0;
  for (dom::element value : *tools) {
    const std::string path = fields::index_path("tools", i);
    backend::ToolDef tool;
    if (auto err = parse_tool(value, path, tool)) return err;
    if (!names.insert(tool.name).second) {
      const std::string name_path = path + ".function.name";
      return invalid_request(name_path, "Invalid value for '" + name_path + "': duplicate tool name '" +
                                            tool.name + "'; tool names must be unique.");
    }
    out.push_back(std::move(tool));
    ++i;
  }
  return std::nullopt;
}

Status parse_tool_choice(const ObjectReader& root, const std::vector<backend::ToolDef>& tools,
                         backend::ToolChoice& out) {
  // OpenAI's default: "none" without tools, "auto" with them.
  out.mode = tools.empty() ? backend::ToolChoice::Mode::none : backend::ToolChoice::Mode::automatic;
  const auto value = root.get("tool_choice");
  if (!value) return std::nullopt;
  const std::string path = "tool_choice";
  std::string_view mode;
  if (value->get(mode) == simdjson::SUCCESS) {
    if (mode == "none") {
      out.mode = backend::ToolChoice::Mode::none;
    } else if (mode == "auto") {
      out.mode = backend::ToolChoice::Mode::automatic;
    } else if (mode == "required") {
      if (tools.empty()) {
        return invalid_request(path, "Invalid value for 'tool_choice': 'required' needs at least "
                                     "one tool in 'tools'.");
      }
      out.mode = backend::ToolChoice::Mode::required;
    } else {
      return invalid_request(path, "Invalid value for 'tool_choice': '" + std::string(mode) +
                                       "'. Supported values are: 'none', 'auto', 'required' or "
                                       "{\"type\": \"function\", \"function\": {\"name\": ...}}.");
    }
    return std::nullopt;
  }
  std::optional<ObjectReader> choice;
  if (value->is_object()) {
    if (auto err = ObjectReader::from(*value, path, choice)) return err;
    return parse_named_choice(*choice, tools, out);
  }
  return fields::wrong_type(path, "a string or an object", *value);
}

Status parse_response_format(const ObjectReader& root, backend::ResponseFormat& out) {
  std::optional<ObjectReader> format;
  if (auto err = root.optional_object("response_format", format)) return err;
  if (!format) return std::nullopt;
  std::string type;
  if (auto err = format->required_string("type", type)) return err;
  if (type == "text") {
    out.type = backend::ResponseFormat::Type::text;
    return std::nullopt;
  }
  if (type == "json_object") {
    out.type = backend::ResponseFormat::Type::json_object;
    return std::nullopt;
  }
  if (type != "json_schema") {
    const std::string type_path = format->path_of("type");
    return invalid_request(type_path, "Invalid value for '" + type_path + "': '" + type +
                                          "'. Supported values are: 'text', 'json_object' and "
                                          "'json_schema'.");
  }
  out.type = backend::ResponseFormat::Type::json_schema;
  std::optional<ObjectReader> schema;
  if (auto err = format->required_object("json_schema", schema)) return err;
  if (auto err = schema->required_string("name", out.name)) return err;
  if (auto err = check_name(*schema, "name", out.name)) return err;
  std::optional<std::string> description;
  if (auto err = schema->optional_string("description", description)) return err;
  if (description) out.description = std::move(*description);
  if (auto err = read_schema(*schema, "schema", out.schema_json)) return err;
  std::optional<bool> strict;
  if (auto err = schema->optional_bool("strict", strict)) return err;
  out.strict = strict.value_or(false);
  return std::nullopt;
}

}  // namespace toolgate::gateway::openai
