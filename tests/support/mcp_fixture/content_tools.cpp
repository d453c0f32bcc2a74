// The conformance tools that answer on their own (no request back to the client): fixed content of
// every block type, the error result, and the tools that log or report progress while they run.
#include <boost/json.hpp>

#include "mcp/protocol/revision.hpp"
#include "tests/support/mcp_fixture/fixture_parts.hpp"

namespace toolgate::mcp::fixture {

namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;

// Tools without arguments reject any, so a caller's typo shows up as an isError result.
constexpr std::string_view kNoArguments = R"({"type":"object","additionalProperties":false})";

std::string no_argument_tool(std::string_view name, std::string_view description) {
  json::object tool{{"name", name}, {"description", description}, {"inputSchema", definition(kNoArguments)}};
  return json::serialize(tool);
}

// tools-call-simple-text
asio::awaitable<Reply> simple_text(CatalogCall&) {
  co_return text_result("This is a simple text response for testing.");
}

// tools-call-image
asio::awaitable<Reply> image_content(CatalogCall&) { co_return content_result(json::array{image_block()}); }

// tools-call-audio. Audio blocks exist from 2025-03-26 on; an older session gets an error instead of
// a block its client cannot parse.
asio::awaitable<Reply> audio_content(CatalogCall& call) {
  if (!rules(call.session.revision()).audio_content) {
    co_return text_result("audio content needs protocol revision 2025-03-26 or later; this session negotiated " +
                              std::string(to_string(call.session.revision())),
                          true);
  }
  json::object audio{{"type", "audio"}, {"data", kSilentWav}, {"mimeType", "audio/wav"}};
  co_return content_result(json::array{std::move(audio)});
}

// tools-call-embedded-resource
asio::awaitable<Reply> embedded_resource(CatalogCall&) {
  co_return content_result(json::array{
      embedded_text_resource("test://embedded-resource", "text/plain", "This is an embedded resource content.")});
}

// tools-call-mixed-content: text, image and an embedded JSON resource, in that order.
asio::awaitable<Reply> multiple_content_types(CatalogCall&) {
  co_return content_result(json::array{
      text_block("Multiple content types test:"), image_block(),
      embedded_text_resource("test://mixed-content-resource", "application/json", R"({"test":"data","value":123})")});
}

// tools-call-with-logging: three info messages ~50 ms apart, so a client sees them arrive one by one
// while the call is still open.
asio::awaitable<Reply> tool_with_logging(CatalogCall& call) {
  call.log("info", json::string("Tool execution started"), std::nullopt);
  co_await pause(50ms);
  call.log("info", json::string("Tool processing data"), std::nullopt);
  co_await pause(50ms);
  call.log("info", json::string("Tool execution completed"), std::nullopt);
  co_return text_result("Tool with logging executed successfully");
}

// tools-call-with-progress: 0, 50 and 100 of 100 for the caller's token (none without a token),
// ~50 ms apart; the delays run either way so timing does not depend on the token.
asio::awaitable<Reply> tool_with_progress(CatalogCall& call) {
  call.progress(0, 100, std::nullopt);
  co_await pause(50ms);
  call.progress(50, 100, std::nullopt);
  co_await pause(50ms);
  call.progress(100, 100, std::nullopt);
  co_return text_result("Tool with progress executed successfully");
}

// tools-call-error: a tool failure is a result with isError, not a JSON-RPC error.
asio::awaitable<Reply> error_handling(CatalogCall&) {
  co_return text_result("This tool intentionally returns an error for testing", true);
}

// server-sse-polling calls this over a raw POST and expects the server to close the SSE stream before
// the result. Closing a stream is the HTTP transport's business; the tool only takes long enough for a
// transport that does so to have a stream to close.
asio::awaitable<Reply> reconnection(CatalogCall&) {
  co_await pause(100ms);
  co_return text_result("Reconnection test completed");
}

// json-schema-2020-12 only inspects the listing; a call echoes the arguments the schema let through.
asio::awaitable<Reply> json_schema_2020_12(CatalogCall& call) {
  co_return text_result("Received arguments: " + json::serialize(call.arguments));
}

constexpr std::string_view kJsonSchemaTool = R"({
  "name": "json_schema_2020_12_tool",
  "description": "Tool with JSON Schema 2020-12 features",
  "inputSchema": {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "$defs": {
      "address": {"type": "object", "properties": {"street": {"type": "string"}, "city": {"type": "string"}}}
    },
    "properties": {"name": {"type": "string"}, "address": {"$ref": "#/$defs/address"}},
    "additionalProperties": false
  }
})";

}  // namespace

void add_content_tools(Catalog& catalog) {
  must_add_tool(catalog, no_argument_tool("test_simple_text", "Returns a simple text response"), simple_text);
  must_add_tool(catalog, no_argument_tool("test_image_content", "Returns a 1x1 red PNG image"), image_content);
  must_add_tool(catalog, no_argument_tool("test_audio_content", "Returns a short silent WAV clip"), audio_content);
  must_add_tool(catalog, no_argument_tool("test_embedded_resource", "Returns an embedded text resource"),
                embedded_resource);
  must_add_tool(catalog, no_argument_tool("test_multiple_content_types", "Returns text, image and resource content"),
                multiple_content_types);
  must_add_tool(catalog, no_argument_tool("test_tool_with_logging", "Sends three info log messages while it runs"),
                tool_with_logging);
  must_add_tool(catalog, no_argument_tool("test_tool_with_progress", "Reports progress 0, 50 and 100 of 100"),
                tool_with_progress);
  must_add_tool(catalog, no_argument_tool("test_error_handling", "Always returns an isError result"), error_handling);
  must_add_tool(catalog, no_argument_tool("test_reconnection", "Runs briefly so the transport can drop its SSE stream"),
                reconnection);
  must_add_tool(catalog, kJsonSchemaTool, json_schema_2020_12);
}

}  // namespace toolgate::mcp::fixture
