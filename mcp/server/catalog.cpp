#include "mcp/server/catalog.hpp"

#include <boost/json.hpp>

#include "mcp/protocol/logging_level.hpp"
#include "mcp/protocol/tool_arguments.hpp"

namespace toolgate::mcp {

void CatalogCall::progress(double value, std::optional<double> total, std::optional<std::string> message) const {
  const auto& token = request.progress_token();
  if (!token) return;
  boost::json::object params;
  params["progressToken"] = boost::json::parse(*token);
  params["progress"] = value;
  if (total) params["total"] = *total;
  if (message) params["message"] = *message;
  request.notify("notifications/progress", boost::json::serialize(params));
}

void CatalogCall::log(std::string_view level, const boost::json::value& data, std::optional<std::string> logger) const {
  auto severity = logging_severity(level);
  if (!severity || (log_threshold && *severity < *log_threshold)) return;
  boost::json::object params;
  params["level"] = level;
  params["data"] = data;
  if (logger) params["logger"] = *logger;
  request.notify("notifications/message", boost::json::serialize(params));
}

std::shared_ptr<Catalog> Catalog::create(Options options) {
  return std::shared_ptr<Catalog>(new Catalog(std::move(options)));
}

boost::system::result<void, std::string> Catalog::add_tool(CatalogTool tool) {
  using R = boost::system::result<void, std::string>;
  const auto* name = tool.definition.if_contains("name");
  if (!name || !name->is_string()) return R(boost::system::in_place_error, "a tool needs a string \"name\"");
  std::string tool_name(name->as_string());
  for (const auto& existing : tools_) {
    if (existing.name == tool_name) return R(boost::system::in_place_error, "tool \"" + tool_name + "\" is defined twice");
  }
  const auto* input = tool.definition.if_contains("inputSchema");
  if (!input || !input->is_object()) {
    return R(boost::system::in_place_error, "tool \"" + tool_name + "\": \"inputSchema\" must be an object");
  }
  std::string error;
  auto compiled = compile_tool_schema(boost::json::serialize(*input), error);
  if (!compiled) return R(boost::system::in_place_error, "tool \"" + tool_name + "\": inputSchema: " + error);
  if (const auto* output = tool.definition.if_contains("outputSchema")) {
    if (!compile_tool_schema(boost::json::serialize(*output), error)) {
      return R(boost::system::in_place_error, "tool \"" + tool_name + "\": outputSchema: " + error);
    }
  }
  tools_.push_back(Tool{std::move(tool), std::move(tool_name), std::move(compiled)});
  return {};
}

void Catalog::add_resource(CatalogResource resource) { resources_.push_back(std::move(resource)); }
void Catalog::add_template(CatalogTemplate resource_template) { templates_.push_back(std::move(resource_template)); }
void Catalog::add_prompt(CatalogPrompt prompt) { prompts_.push_back(std::move(prompt)); }
void Catalog::set_completer(Completer completer) { completer_ = std::move(completer); }

}  // namespace toolgate::mcp
