// The per-session ServerHandler behind Catalog::make_handler: list pages, calls with argument
// validation, reads, prompts, completion, logging level and subscriptions.
#include <charconv>
#include <set>

#include <boost/json.hpp>

#include "mcp/protocol/logging_level.hpp"
#include "mcp/protocol/params.hpp"
#include "mcp/protocol/tool_arguments.hpp"
#include "mcp/server/catalog.hpp"
#include "mcp/server/mcp_errors.hpp"

namespace toolgate::mcp {

namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using jsonrpc::code::invalid_params;

std::string text_result(std::string_view text, bool is_error) {
  json::object block{{"type", "text"}, {"text", text}};
  json::object result{{"content", json::array{block}}};
  if (is_error) result["isError"] = true;
  return json::serialize(result);
}

// One page of `items` from the cursor (a decimal offset); -32602 for a cursor we did not issue.
template <typename Items, typename Definition>
Reply list_page(const RequestContext& request, const Items& items, std::string_view key, std::size_t page_size,
                Definition definition) {
  auto params = params_object(request.params());
  if (!params) return Reply::error(invalid_params, std::string(request.method()) + ": params must be an object");
  std::size_t offset = 0;
  if (const auto* cursor = params->if_contains("cursor")) {
    const auto* text = cursor->if_string();
    auto parsed = text ? std::from_chars(text->data(), text->data() + text->size(), offset) : std::from_chars_result{};
    if (!text || parsed.ec != std::errc{} || parsed.ptr != text->data() + text->size() || offset > items.size()) {
      return Reply::error(invalid_params, std::string(request.method()) + ": invalid cursor");
    }
  }
  json::array page;
  const std::size_t end = std::min(items.size(), offset + page_size);
  for (std::size_t i = offset; i < end; ++i) page.push_back(definition(items[i]));
  json::object result{{key, std::move(page)}};
  if (end < items.size()) result["nextCursor"] = std::to_string(end);
  return Reply::result(json::serialize(result));
}

class CatalogHandler final : public ServerHandler {
 public:
  explicit CatalogHandler(std::shared_ptr<const Catalog> catalog) : catalog_(std::move(catalog)) {}

  asio::awaitable<ServerOffer> initialize(ServerSession&, const ClientHello& hello) override {
    json::object caps;
    if (!catalog_->tools().empty()) caps["tools"] = json::object{{"listChanged", true}};
    if (!catalog_->resources().empty() || !catalog_->templates().empty()) {
      caps["resources"] = json::object{{"subscribe", true}, {"listChanged", true}};
    }
    if (!catalog_->prompts().empty()) caps["prompts"] = json::object{{"listChanged", true}};
    caps["logging"] = json::object{};
    if (catalog_->completer() && hello.revision != Revision::v2024_11_05) caps["completions"] = json::object{};
    ServerOffer offer;
    offer.capabilities_json = json::serialize(caps);
    offer.server_info_json = catalog_->options().server_info_json;
    offer.instructions = catalog_->options().instructions;
    co_return offer;
  }

  asio::awaitable<Reply> handle(ServerSession& session, RequestContext& request) override {
    const std::string& method = request.method();
    const std::size_t page = catalog_->options().page_size;
    if (method == "tools/list") {
      co_return list_page(request, catalog_->tools(), "tools", page, [](const Catalog::Tool& t) { return t.tool.definition; });
    }
    if (method == "tools/call") co_return co_await call_tool(session, request);
    if (method == "resources/list") {
      co_return list_page(request, catalog_->resources(), "resources", page,
                          [](const CatalogResource& r) { return r.definition; });
    }
    if (method == "resources/templates/list") {
      co_return list_page(request, catalog_->templates(), "resourceTemplates", page,
                          [](const CatalogTemplate& t) { return t.definition; });
    }
    if (method == "resources/read") co_return co_await read_resource(session, request);
    if (method == "resources/subscribe" || method == "resources/unsubscribe") co_return subscription(request);
    if (method == "prompts/list") {
      co_return list_page(request, catalog_->prompts(), "prompts", page, [](const CatalogPrompt& p) { return p.definition; });
    }
    if (method == "prompts/get") co_return co_await get_prompt(session, request);
    if (method == "completion/complete" && catalog_->completer()) {
      auto params = params_object(request.params());
      if (!params) co_return Reply::error(invalid_params, "completion/complete: params must be an object");
      co_return catalog_->completer()(*params);
    }
    if (method == "logging/setLevel") co_return set_level(request);
    co_return Reply::error(jsonrpc::code::method_not_found, "method not found: " + method);
  }

 private:
  CatalogCall make_call(ServerSession& session, RequestContext& request, json::object arguments) const {
    CatalogCall call{session, request, std::move(arguments), {}, &log_threshold_};
    return call;
  }

  asio::awaitable<Reply> call_tool(ServerSession& session, RequestContext& request) {
    auto params = params_object(request.params());
    if (!params) co_return Reply::error(invalid_params, "tools/call: params must be an object");
    auto name = string_member(*params, "name");
    if (!name) co_return Reply::error(invalid_params, "tools/call: \"params.name\" must be a string");
    const Catalog::Tool* tool = nullptr;
    for (const auto& t : catalog_->tools()) {
      if (t.name == *name) tool = &t;
    }
    if (!tool) co_return Reply::error(invalid_params, "unknown tool: " + *name);
    json::object arguments;
    if (const auto* args = params->if_contains("arguments")) {
      if (!args->is_object()) co_return Reply::error(invalid_params, "tools/call: \"params.arguments\" must be an object");
      arguments = args->as_object();
    }
    if (auto violation = schema_violation(*tool->input_schema, json::serialize(arguments), "arguments")) {
      std::string message = "invalid arguments for tool " + *name + ": " + *violation;
      if (rules(session.revision()).tool_input_errors_as_results) co_return Reply::result(text_result(message, true));
      co_return Reply::error(invalid_params, std::move(message));
    }
    CatalogCall call = make_call(session, request, std::move(arguments));
    co_return co_await tool->tool.call(call);
  }

  asio::awaitable<Reply> read_resource(ServerSession& session, RequestContext& request) {
    auto params = params_object(request.params());
    if (!params) co_return Reply::error(invalid_params, "resources/read: params must be an object");
    auto uri = string_member(*params, "uri");
    if (!uri) co_return Reply::error(invalid_params, "resources/read: \"params.uri\" must be a string");
    CatalogCall call = make_call(session, request, {});
    call.uri = *uri;
    for (const auto& resource : catalog_->resources()) {
      const auto* known = resource.definition.if_contains("uri");
      if (known && known->is_string() && known->as_string() == *uri) co_return co_await resource.read(call);
    }
    for (const auto& resource_template : catalog_->templates()) {
      if (resource_template.matches(*uri)) co_return co_await resource_template.read(call);
    }
    co_return resource_not_found(*uri);
  }

  Reply subscription(const RequestContext& request) {
    auto params = params_object(request.params());
    auto uri = params ? string_member(*params, "uri") : std::nullopt;
    if (!uri) return Reply::error(invalid_params, request.method() + ": \"params.uri\" must be a string");
    if (request.method() == "resources/subscribe") {
      subscriptions_.insert(*uri);
    } else {
      subscriptions_.erase(*uri);
    }
    return Reply::result("{}");
  }

  asio::awaitable<Reply> get_prompt(ServerSession& session, RequestContext& request) {
    auto params = params_object(request.params());
    if (!params) co_return Reply::error(invalid_params, "prompts/get: params must be an object");
    auto name = string_member(*params, "name");
    if (!name) co_return Reply::error(invalid_params, "prompts/get: \"params.name\" must be a string");
    const CatalogPrompt* prompt = nullptr;
    for (const auto& p : catalog_->prompts()) {
      const auto* n = p.definition.if_contains("name");
      if (n && n->is_string() && n->as_string() == *name) prompt = &p;
    }
    if (!prompt) co_return Reply::error(invalid_params, "unknown prompt: " + *name);
    json::object arguments;
    if (const auto* args = params->if_contains("arguments")) {
      if (!args->is_object()) co_return Reply::error(invalid_params, "prompts/get: \"params.arguments\" must be an object");
      arguments = args->as_object();
    }
    if (const auto* declared = prompt->definition.if_contains("arguments"); declared && declared->is_array()) {
      for (const auto& argument : declared->as_array()) {
        if (!argument.is_object()) continue;
        const auto* required = argument.as_object().if_contains("required");
        auto arg_name = string_member(argument.as_object(), "name");
        if (arg_name && required && required->is_bool() && required->as_bool() && !arguments.contains(*arg_name)) {
          co_return Reply::error(invalid_params, "prompt " + *name + ": missing required argument \"" + *arg_name + "\"");
        }
      }
    }
    CatalogCall call = make_call(session, request, std::move(arguments));
    co_return co_await prompt->get(call);
  }

  Reply set_level(const RequestContext& request) {
    auto params = params_object(request.params());
    auto level = params ? string_member(*params, "level") : std::nullopt;
    auto severity = level ? logging_severity(*level) : std::nullopt;
    if (!severity) {
      return Reply::error(invalid_params,
                          "logging/setLevel: \"params.level\" must be one of debug, info, notice, warning, error, "
                          "critical, alert, emergency");
    }
    log_threshold_ = *severity;
    return Reply::result("{}");
  }

  std::shared_ptr<const Catalog> catalog_;
  int log_threshold_ = 0;
  std::set<std::string, std::less<>> subscriptions_;
};

}  // namespace

std::unique_ptr<ServerHandler> Catalog::make_handler() const {
  return std::make_unique<CatalogHandler>(shared_from_this());
}

}  // namespace toolgate::mcp
