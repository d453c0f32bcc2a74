#include "gateway/app/mcp_conformance_client.hpp"

#include <array>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <ostream>
#include <string>
#include <utility>

#include <boost/json.hpp>

#include "gateway/app/version.hpp"
#include "mcp/protocol/revision.hpp"

namespace toolgate::gateway::app {

namespace {

namespace asio = boost::asio;
namespace json = boost::json;

constexpr int kOk = 0;
constexpr int kServerError = 1;
constexpr int kUsage = 2;
constexpr int kUnreachable = 3;

// A server that keeps handing out cursors is cut off here rather than listed forever.
constexpr int kMaxListPages = 100;

// From the suite's scenario sources (@modelcontextprotocol/conformance 0.1.16, src/scenarios/client/):
// `initialize` checks the handshake alone; `tools_call` expects add_numbers to be called with two numbers;
// the SEP-1034 scenario's tool sends elicitation/create and scores the defaults the client fills in, so the
// client must declare elicitation; `sse-retry`'s tool answers on an SSE stream it closes after a priming
// event carrying `retry`, and scores the wait and the Last-Event-ID of the GET that resumes it (the
// Streamable HTTP transport does that part).
constexpr std::array kScenarios = {
    ConformanceScenario{"initialize", "{}", "", "{}"},
    ConformanceScenario{"tools_call", "{}", "add_numbers", R"({"a":5,"b":3})"},
    ConformanceScenario{"elicitation-sep1034-client-defaults", R"({"elicitation":{"form":{}}})",
                        "test_client_elicitation_defaults", "{}"},
    ConformanceScenario{"sse-retry", "{}", "test_reconnection", "{}"},
};

using Answer = boost::system::result<std::string, std::string>;

Answer malformed(std::string why) { return Answer(boost::system::in_place_error, std::move(why)); }

Answer elicit_result(std::string result) { return Answer(boost::system::in_place_value, std::move(result)); }

Answer decline() { return elicit_result(R"({"action":"decline"})"); }

// Answers the server's requests: elicitation as the scenarios expect, everything else refused. Parameters
// by value: the coroutine frame must own them.
asio::awaitable<mcp::Reply> answer_server_request(std::string method, std::optional<std::string> params) {
  if (method == "elicitation/create") {
    auto answer = answer_elicitation_with_defaults(params.value_or(""));
    if (!answer) co_return mcp::Reply::error(mcp::jsonrpc::code::invalid_params, answer.error());
    co_return mcp::Reply::result(std::move(*answer));
  }
  co_return mcp::Reply::error(mcp::jsonrpc::code::method_not_found,
                              "the toolgate conformance client does not support " + method);
}

mcp::PeerHandlers server_request_handlers() {
  mcp::PeerHandlers handlers;
  handlers.on_request = [](mcp::RequestContext& request) {
    return answer_server_request(request.method(), request.params());
  };
  return handlers;
}

// Prints a tool result; the exit status says whether the server reported a failure.
int report(const mcp::Reply& reply, std::ostream& out, std::ostream& err) {
  if (!reply.ok()) {
    err << "toolgate mcp conformance: error " << reply.error().code << ": " << reply.error().message << '\n';
    return kServerError;
  }
  out << reply.result_json() << '\n';
  boost::system::error_code ec;
  const auto result = json::parse(reply.result_json(), ec);
  const auto* is_error = !ec && result.is_object() ? result.as_object().if_contains("isError") : nullptr;
  return is_error && is_error->is_bool() && is_error->as_bool() ? kServerError : kOk;
}

enum class Listed { found, missing, failed };

// Pages through tools/list until `tool` shows up: the scenarios' clients discover a tool before calling it.
asio::awaitable<Listed> find_tool(mcp::ClientSession& session, std::string tool, mcp::CallOptions options,
                                  std::ostream& err) {
  std::string cursor;
  for (int page = 0; page < kMaxListPages; ++page) {
    std::string params = cursor.empty() ? "{}" : json::serialize(json::object{{"cursor", cursor}});
    auto op = session.call("tools/list", std::move(params), options);
    auto reply = co_await std::move(op);
    if (!reply.ok()) {
      err << "toolgate mcp conformance: tools/list failed: " << reply.error().message << '\n';
      co_return Listed::failed;
    }
    boost::system::error_code ec;
    const auto result = json::parse(reply.result_json(), ec);
    if (ec || !result.is_object()) co_return Listed::missing;
    if (const auto* tools = result.as_object().if_contains("tools"); tools && tools->is_array()) {
      for (const auto& listed : tools->as_array()) {
        const auto* name = listed.is_object() ? listed.as_object().if_contains("name") : nullptr;
        if (name && name->is_string() && name->as_string() == tool) co_return Listed::found;
      }
    }
    const auto* next = result.as_object().if_contains("nextCursor");
    if (!next || !next->is_string() || next->as_string().empty()) break;
    cursor = std::string(next->as_string());
  }
  co_return Listed::missing;
}

asio::awaitable<int> play(const ConformanceScenario& scenario, mcp::ClientSession& session,
                          std::chrono::milliseconds timeout, std::ostream& out, std::ostream& err) {
  out << "initialized: " << session.server().server_info_json << '\n';
  if (scenario.tool.empty()) co_return kOk;
  mcp::CallOptions options;
  options.timeout = timeout;
  auto finding = find_tool(session, std::string(scenario.tool), options, err);
  const Listed listed = co_await std::move(finding);
  if (listed == Listed::failed) co_return kServerError;
  if (listed == Listed::missing) {
    err << "toolgate mcp conformance: the server lists no tool '" << scenario.tool << "'\n";
    co_return kServerError;
  }
  std::string params = json::serialize(
      json::object{{"name", scenario.tool}, {"arguments", json::parse(scenario.arguments_json)}});
  auto calling = session.call("tools/call", std::move(params), options);
  auto reply = co_await std::move(calling);
  co_return report(reply, out, err);
}

}  // namespace

std::span<const ConformanceScenario> conformance_scenarios() { return kScenarios; }

const ConformanceScenario* find_conformance_scenario(std::string_view name) {
  for (const auto& scenario : kScenarios) {
    if (scenario.name == name) return &scenario;
  }
  return nullptr;
}

Answer answer_elicitation_with_defaults(std::string_view params_json) {
  boost::system::error_code ec;
  const json::value params = json::parse(params_json, ec);
  if (ec || !params.is_object()) return malformed("elicitation/create params must be a JSON object");
  const json::object& request = params.as_object();
  // A URL-mode request wants the user to visit a page; there is no one here to do that.
  if (const auto* mode = request.if_contains("mode"); mode && mode->is_string() && mode->as_string() == "url") {
    return decline();
  }
  const auto* schema = request.if_contains("requestedSchema");
  if (!schema || !schema->is_object()) return malformed("/requestedSchema must be an object");
  const auto* properties = schema->as_object().if_contains("properties");
  if (!properties || !properties->is_object()) return malformed("/requestedSchema/properties must be an object");
  json::object content;
  for (const auto& field : properties->as_object()) {
    if (!field.value().is_object()) {
      return malformed("/requestedSchema/properties/" + std::string(field.key()) + " must be an object");
    }
    if (const auto* fallback = field.value().as_object().if_contains("default")) content[field.key()] = *fallback;
  }
  if (const auto* required = schema->as_object().if_contains("required"); required && required->is_array()) {
    for (const auto& name : required->as_array()) {
      if (name.is_string() && !content.contains(name.as_string())) return decline();
    }
  }
  return elicit_result(json::serialize(json::object{{"action", "accept"}, {"content", std::move(content)}}));
}

asio::awaitable<int> run_conformance_client(asio::any_io_executor ex, mcp::TransportFactory factory,
                                            const McpClientCommand& cmd, std::ostream& out, std::ostream& err) {
  const char* name = std::getenv("MCP_CONFORMANCE_SCENARIO");
  if (!name || !*name) {
    err << "toolgate mcp conformance: MCP_CONFORMANCE_SCENARIO is not set (the conformance suite sets it)\n";
    co_return kUsage;
  }
  const ConformanceScenario* scenario = find_conformance_scenario(name);
  if (!scenario) {
    err << "toolgate mcp conformance: unknown scenario '" << name << "'; supported:";
    for (const auto& known : conformance_scenarios()) err << ' ' << known.name;
    err << '\n';
    co_return kUsage;
  }
  mcp::ClientOptions options;
  options.client_info_json = R"({"name":"toolgate-conformance","version":")" + std::string(version()) + "\"}";
  options.capabilities_json = std::string(scenario->capabilities_json);
  options.initialize_timeout = cmd.timeout;
  if (!cmd.protocol_version.empty()) {
    auto revision = mcp::revision_from_string(cmd.protocol_version);
    if (!revision) {
      err << "toolgate mcp conformance: unknown protocol version '" << cmd.protocol_version << "'\n";
      co_return kUsage;
    }
    options.revision = *revision;
  }
  auto connecting = mcp::ClientSession::connect(ex, std::move(factory), server_request_handlers(), options);
  auto connected = co_await std::move(connecting);
  if (!connected) {
    err << "toolgate mcp conformance: " << connected.error() << '\n';
    co_return kUnreachable;
  }
  auto session = *connected;
  auto playing = play(*scenario, *session, cmd.timeout, out, err);
  const int status = co_await std::move(playing);
  session->close();
  co_return status;
}

}  // namespace toolgate::gateway::app
