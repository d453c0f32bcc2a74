// The conformance tools that ask the client something while they run: sampling/createMessage and
// elicitation/create. Each checks the session's negotiated revision and the client's declared
// capabilities first, and answers with an isError result instead of sending what the client cannot take.
#include <boost/json.hpp>

#include "mcp/protocol/revision.hpp"
#include "tests/support/mcp_fixture/fixture_parts.hpp"

namespace toolgate::mcp::fixture {

namespace {

namespace asio = boost::asio;
namespace json = boost::json;

std::string failed_request(std::string_view method, const RpcError& error) {
  return std::string(method) + " failed: " + error.message + " (code " + std::to_string(error.code) + ")";
}

// The text a sampling answer carries. 2025-11-25 allows an array of blocks; older revisions one block.
std::string sampled_text(const json::object& result) {
  const auto* content = result.if_contains("content");
  if (!content) return {};
  std::string text;
  auto take = [&text](const json::value& block) {
    const auto* object = block.if_object();
    const auto* piece = object ? object->if_contains("text") : nullptr;
    if (piece && piece->is_string()) text.append(piece->as_string());
  };
  if (const auto* blocks = content->if_array()) {
    for (const auto& block : *blocks) take(block);
  } else {
    take(*content);
  }
  return text;
}

// tools-call-sampling: one user message with the caller's prompt, maxTokens 100; the answer's text
// comes back as "LLM response: <text>".
asio::awaitable<Reply> sampling(CatalogCall& call) {
  if (!call.session.client().capabilities.sampling) {
    co_return text_result("test_sampling needs sampling, and this client did not declare the sampling capability",
                          true);
  }
  // inputSchema requires a string prompt, so the catalog has checked it by now.
  json::object message{{"role", "user"}, {"content", text_block(call.arguments.at("prompt").as_string())}};
  json::object params{{"messages", json::array{std::move(message)}}, {"maxTokens", 100}};
  std::string method = "sampling/createMessage";
  auto op = call.request.call(method, json::serialize(params));
  Reply reply = co_await std::move(op);
  if (!reply.ok()) co_return text_result(failed_request(method, reply.error()), true);
  boost::system::error_code ec;
  auto result = json::parse(reply.result_json(), ec);
  if (ec || !result.is_object()) co_return text_result(method + " answered with a result that is not an object", true);
  co_return text_result("LLM response: " + sampled_text(result.as_object()));
}

// Sends elicitation/create (form mode) and reports the answer as "<prefix>action=<a>[, content=<json>]".
// `minimum`: elicitation itself needs 2025-06-18; SEP-1034 defaults and SEP-1330 enums need 2025-11-25.
asio::awaitable<Reply> elicit(CatalogCall& call, std::string message, json::object requested_schema, Revision minimum,
                              std::string prefix) {
  const Revision revision = call.session.revision();
  if (revision < minimum) {
    co_return text_result("this elicitation needs protocol revision " + std::string(to_string(minimum)) +
                              " or later; this session negotiated " + std::string(to_string(revision)),
                          true);
  }
  if (!call.session.client().capabilities.elicitation_form) {
    co_return text_result(
        "this tool needs form elicitation, and this client did not declare the elicitation capability", true);
  }
  json::object params{{"message", message}, {"requestedSchema", std::move(requested_schema)}};
  std::string method = "elicitation/create";
  auto op = call.request.call(method, json::serialize(params));
  Reply reply = co_await std::move(op);
  if (!reply.ok()) co_return text_result(failed_request(method, reply.error()), true);
  boost::system::error_code ec;
  auto result = json::parse(reply.result_json(), ec);
  const auto* object = ec ? nullptr : result.if_object();
  const auto* action = object ? object->if_contains("action") : nullptr;
  if (!action || !action->is_string()) {
    co_return text_result(method + " answered without a string \"action\": " + reply.result_json(), true);
  }
  std::string text = prefix + "action=" + std::string(action->as_string());
  if (const auto* content = object->if_contains("content")) text += ", content=" + json::serialize(*content);
  co_return text_result(text);
}

// tools-call-elicitation: the caller's message with a username/email form.
asio::awaitable<Reply> elicitation(CatalogCall& call) {
  json::object schema = definition(R"({
    "type": "object",
    "properties": {
      "username": {"type": "string", "description": "User's response"},
      "email": {"type": "string", "description": "User's email address"}
    },
    "required": ["username", "email"]
  })");
  std::string message(call.arguments.at("message").as_string());
  auto op = elicit(call, std::move(message), std::move(schema), Revision::v2025_06_18, "User response: ");
  co_return co_await std::move(op);
}

// elicitation-sep1034-defaults: a default for every primitive type (SEP-1034, 2025-11-25).
asio::awaitable<Reply> elicitation_defaults(CatalogCall& call) {
  json::object schema = definition(R"({
    "type": "object",
    "properties": {
      "name": {"type": "string", "description": "User name", "default": "John Doe"},
      "age": {"type": "integer", "description": "User age", "default": 30},
      "score": {"type": "number", "description": "User score", "default": 95.5},
      "status": {"type": "string", "description": "User status", "enum": ["active", "inactive", "pending"],
                 "default": "active"},
      "verified": {"type": "boolean", "description": "Verification status", "default": true}
    }
  })");
  auto op = elicit(call, "Please review and update the form fields with defaults", std::move(schema),
                   Revision::v2025_11_25, "Elicitation completed: ");
  co_return co_await std::move(op);
}

// elicitation-sep1330-enums: the five enum shapes of SEP-1330 (2025-11-25).
asio::awaitable<Reply> elicitation_enums(CatalogCall& call) {
  json::object schema = definition(R"({
    "type": "object",
    "properties": {
      "untitledSingle": {"type": "string", "description": "Pick one option", "enum": ["option1", "option2", "option3"]},
      "titledSingle": {"type": "string", "description": "Pick one titled option", "oneOf": [
        {"const": "value1", "title": "First Option"}, {"const": "value2", "title": "Second Option"},
        {"const": "value3", "title": "Third Option"}]},
      "legacyEnum": {"type": "string", "description": "Pick one legacy option", "enum": ["opt1", "opt2", "opt3"],
                     "enumNames": ["Option One", "Option Two", "Option Three"]},
      "untitledMulti": {"type": "array", "description": "Pick any options",
                        "items": {"type": "string", "enum": ["option1", "option2", "option3"]}},
      "titledMulti": {"type": "array", "description": "Pick any titled options", "items": {"anyOf": [
        {"const": "value1", "title": "First Choice"}, {"const": "value2", "title": "Second Choice"},
        {"const": "value3", "title": "Third Choice"}]}}
    }
  })");
  auto op = elicit(call, "Please choose from the enum fields", std::move(schema), Revision::v2025_11_25,
                   "Elicitation completed: ");
  co_return co_await std::move(op);
}

}  // namespace

void add_client_tools(Catalog& catalog) {
  must_add_tool(catalog, R"json({
    "name": "test_sampling",
    "description": "Asks the client's LLM to answer a prompt (sampling/createMessage)",
    "inputSchema": {"type": "object", "properties": {
      "prompt": {"type": "string", "description": "The prompt to send to the LLM"}}, "required": ["prompt"]}
  })json",
                sampling);
  must_add_tool(catalog, R"json({
    "name": "test_elicitation",
    "description": "Asks the user for a username and an email (elicitation/create)",
    "inputSchema": {"type": "object", "properties": {
      "message": {"type": "string", "description": "The message to show the user"}}, "required": ["message"]}
  })json",
                elicitation);
  must_add_tool(catalog, R"json({
    "name": "test_elicitation_sep1034_defaults",
    "description": "Elicits a form whose fields all carry defaults (SEP-1034)",
    "inputSchema": {"type": "object", "additionalProperties": false}
  })json",
                elicitation_defaults);
  must_add_tool(catalog, R"json({
    "name": "test_elicitation_sep1330_enums",
    "description": "Elicits a form with every enum variant (SEP-1330)",
    "inputSchema": {"type": "object", "additionalProperties": false}
  })json",
                elicitation_enums);
}

}  // namespace toolgate::mcp::fixture
