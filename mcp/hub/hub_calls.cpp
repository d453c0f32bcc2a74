// Forwarded requests: tools/call (arguments checked before, structuredContent after), prompts/get,
// completion/complete, URI-addressed resource requests and logging/setLevel fanned out.
#include <boost/json.hpp>

#include "mcp/hub/hub_session.hpp"
#include "mcp/protocol/logging_level.hpp"
#include "mcp/protocol/params.hpp"
#include "mcp/protocol/tool_arguments.hpp"
#include "mcp/server/mcp_errors.hpp"

namespace toolgate::mcp::hub_detail {

namespace asio = boost::asio;
namespace json = boost::json;
using jsonrpc::code::invalid_params;
using Seconds = std::chrono::duration<double>;

namespace {

std::string error_result(std::string_view text) {
  return json::serialize(json::object{{"content", json::array{json::object{{"type", "text"}, {"text", text}}}},
                                      {"isError", true}});
}

// Our own progress token goes upstream (set by the peer); the caller's stays with the caller.
void drop_progress_token(json::object& params) {
  if (auto* meta = params.if_contains("_meta"); meta && meta->is_object()) {
    meta->as_object().erase("progressToken");
    if (meta->as_object().empty()) params.erase("_meta");
  }
}

// Checks a successful result against the tool's outputSchema; the message describes the violation.
std::optional<std::string> output_violation(const ToolRoute& route, std::string_view public_name,
                                            const std::string& result_json) {
  if (!route.output_schema) return std::nullopt;
  boost::system::error_code ec;
  auto result = json::parse(result_json, ec);
  if (ec || !result.is_object()) return "the upstream returned a result that is not an object";
  const auto* is_error = result.as_object().if_contains("isError");
  if (is_error && is_error->is_bool() && is_error->as_bool()) return std::nullopt;  // errors are exempt
  const auto* structured = result.as_object().if_contains("structuredContent");
  if (!structured) {
    return "tool " + std::string(public_name) + " declares an outputSchema but returned no structuredContent";
  }
  std::string error;
  auto schema = compile_tool_schema(*route.output_schema, error);
  if (!schema) return std::nullopt;  // an upstream schema we cannot compile was already logged at list time
  auto violation = schema_violation(*schema, json::serialize(*structured), "structuredContent");
  if (!violation) return std::nullopt;
  return "tool " + std::string(public_name) + " returned " + *violation;
}

}  // namespace

template <typename Route>
asio::awaitable<std::optional<Route>> HubSession::route_of(const std::map<std::string, Route, std::less<>>& routes,
                                                           const std::string& name, std::string_view list_method,
                                                           std::string_view key) {
  auto find = [&]() -> std::optional<Route> {
    std::lock_guard lock(state_->mutex);
    auto it = routes.find(name);
    if (it == routes.end()) return std::nullopt;
    return it->second;
  };
  auto route = find();
  if (route) co_return route;
  {
    std::lock_guard lock(state_->mutex);
    if (state_->listed.contains(key)) co_return std::nullopt;  // listed whole since routes last changed
  }
  // A client may call what it has not listed in this session (or what changed since): list, then look again.
  auto refreshing = refresh(list_method, key);
  co_await std::move(refreshing);
  co_return find();
}

asio::awaitable<Reply> HubSession::call_tool(ServerSession& session, RequestContext& request) {
  auto params = params_object(request.params());
  if (!params) co_return Reply::error(invalid_params, "tools/call: params must be an object");
  auto name = string_member(*params, "name");
  if (!name) co_return Reply::error(invalid_params, "tools/call: \"params.name\" must be a string");
  json::object arguments;
  if (const auto* given = params->if_contains("arguments")) {
    if (!given->is_object()) co_return Reply::error(invalid_params, "tools/call: \"params.arguments\" must be an object");
    arguments = given->as_object();
  }

  auto resolving = route_of(state_->tools, *name, "tools/list", "tools");
  auto route = co_await std::move(resolving);
  if (!route) co_return Reply::error(invalid_params, "unknown tool: " + *name);
  const std::string& server = state_->links[route->link].spec->name;
  auto* metrics = hub_->metrics();
  const auto started = Clock::now();
  auto record = [&](std::string_view outcome) {
    if (metrics) metrics->record_tool_call(server, route->tool, outcome, Seconds(Clock::now() - started).count());
  };

  if (!route->input_schema.empty()) {
    std::string error;
    if (auto schema = compile_tool_schema(route->input_schema, error)) {
      if (auto violation = schema_violation(*schema, json::serialize(arguments), "arguments")) {
        record("invalid_arguments");
        std::string message = "invalid arguments for tool " + *name + ": " + *violation;
        if (rules(session.revision()).tool_input_errors_as_results) co_return Reply::result(error_result(message));
        co_return Reply::error(invalid_params, std::move(message));
      }
    }
  }

  auto upstream = co_await ensure(route->link);
  if (!upstream) {
    record("unavailable");
    co_return Reply::result(error_result("MCP server \"" + server + "\" is unavailable: " +
                                         state_->links[route->link].error));
  }
  (*params)["name"] = route->tool;
  drop_progress_token(*params);
  CallOptions options;
  options.timeout = state_->links[route->link].spec->call_timeout;
  auto op = forward(route->link, upstream, request, "tools/call", json::serialize(*params), options);
  auto reply = co_await std::move(op);
  if (!reply.ok()) {
    record(reply.error().code == local_code::request_timeout ? "timeout" : "protocol_error");
    co_return reply;
  }
  if (auto violation = output_violation(*route, *name, reply.result_json())) {
    record("output_invalid");
    co_return Reply::result(error_result(*violation));
  }
  const bool tool_error = reply.result_json().find("\"isError\":true") != std::string::npos;
  record(tool_error ? "tool_error" : "ok");
  co_return reply;
}

asio::awaitable<Reply> HubSession::get_prompt(RequestContext& request) {
  auto params = params_object(request.params());
  if (!params) co_return Reply::error(invalid_params, "prompts/get: params must be an object");
  auto name = string_member(*params, "name");
  if (!name) co_return Reply::error(invalid_params, "prompts/get: \"params.name\" must be a string");
  auto resolving = route_of(state_->prompts, *name, "prompts/list", "prompts");
  auto route = co_await std::move(resolving);
  if (!route) co_return Reply::error(invalid_params, "unknown prompt: " + *name);
  auto upstream = co_await ensure(route->link);
  if (!upstream) {
    co_return Reply::error(jsonrpc::code::internal_error,
                           "MCP server \"" + state_->links[route->link].spec->name + "\" is unavailable");
  }
  (*params)["name"] = route->name;
  drop_progress_token(*params);
  auto op = forward(route->link, upstream, request, "prompts/get", json::serialize(*params), CallOptions{});
  co_return co_await std::move(op);
}

asio::awaitable<Reply> HubSession::complete(RequestContext& request) {
  auto params = params_object(request.params());
  const auto* ref = params ? params->if_contains("ref") : nullptr;
  if (!ref || !ref->is_object()) co_return Reply::error(invalid_params, "completion/complete: \"params.ref\" must be an object");
  auto type = string_member(ref->as_object(), "type");
  std::optional<std::size_t> only;
  if (type == "ref/prompt") {
    auto name = string_member(ref->as_object(), "name");
    if (!name) co_return Reply::error(invalid_params, "completion/complete: \"params.ref.name\" must be a string");
    auto resolving = route_of(state_->prompts, *name, "prompts/list", "prompts");
    auto route = co_await std::move(resolving);
    if (!route) co_return Reply::error(invalid_params, "unknown prompt: " + *name);
    (*params)["ref"].as_object()["name"] = route->name;
    only = route->link;
  }
  std::optional<Reply> last;
  for (std::size_t i = 0; i < state_->links.size(); ++i) {
    if (only && *only != i) continue;
    auto upstream = co_await ensure(i);
    if (!upstream || !has_capability(i, "completions")) continue;
    auto op = forward(i, upstream, request, "completion/complete", json::serialize(*params), CallOptions{});
    auto reply = co_await std::move(op);
    if (reply.ok()) co_return reply;
    last = std::move(reply);
  }
  if (last) co_return std::move(*last);
  co_return Reply::result(R"({"completion":{"values":[],"total":0,"hasMore":false}})");
}

asio::awaitable<Reply> HubSession::by_uri(RequestContext& request) {
  auto params = params_object(request.params());
  auto uri = params ? string_member(*params, "uri") : std::nullopt;
  if (!uri) co_return Reply::error(invalid_params, request.method() + ": \"params.uri\" must be a string");
  std::optional<std::size_t> known;
  {
    std::lock_guard lock(state_->mutex);
    if (auto it = state_->resources.find(*uri); it != state_->resources.end()) known = it->second;
  }
  drop_progress_token(*params);
  const std::string forwarded = json::serialize(*params);
  // A URI no list showed (a template instance) goes to each upstream in turn until one knows it.
  for (std::size_t i = 0; i < state_->links.size(); ++i) {
    if (known && *known != i) continue;
    auto upstream = co_await ensure(i);
    if (!upstream || !has_capability(i, "resources")) continue;
    auto op = forward(i, upstream, request, request.method(), forwarded, CallOptions{});
    auto reply = co_await std::move(op);
    const bool not_found = !reply.ok() && (reply.error().code == mcp_code::resource_not_found ||
                                           reply.error().code == invalid_params);
    if (!not_found || known) co_return reply;
  }
  co_return resource_not_found(*uri);
}

asio::awaitable<Reply> HubSession::set_level(RequestContext& request) {
  auto params = params_object(request.params());
  auto level = params ? string_member(*params, "level") : std::nullopt;
  if (!level || !logging_severity(*level)) {
    co_return Reply::error(invalid_params,
                           "logging/setLevel: \"params.level\" must be one of debug, info, notice, warning, error, "
                           "critical, alert, emergency");
  }
  {
    std::lock_guard lock(state_->mutex);
    state_->log_level = *level;
  }
  const std::string forwarded = json::serialize(json::object{{"level", *level}});
  for (std::size_t i = 0; i < state_->links.size(); ++i) {
    auto upstream = co_await ensure(i);
    if (!upstream || !has_capability(i, "logging")) continue;
    auto op = upstream->call("logging/setLevel", forwarded);
    auto reply = co_await std::move(op);
    (void)reply.ok();
  }
  co_return Reply::result("{}");
}

}  // namespace toolgate::mcp::hub_detail
