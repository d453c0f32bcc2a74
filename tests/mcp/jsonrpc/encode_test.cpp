// Encoded messages round-trip through the decoder and validate against every MCP revision's official
// JSON-RPC definitions (../shared/testdata/mcp-schema, by relative path), checked with our validator.
#include <gtest/gtest.h>

#include <simdjson.h>

#include "mcp/jsonrpc/codec.hpp"
#include "schemas/validator/registry.hpp"
#include "schemas/validator/schema.hpp"

namespace toolgate::mcp::jsonrpc {
namespace {

const std::vector<Message>& samples() {
  static const std::vector<Message> messages = {
      Request{std::int64_t{1}, "initialize", R"({"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"c","version":"1"}})"},
      Request{std::string("id \"quoted\"\n"), "tools/list", std::nullopt},
      Notification{"notifications/progress", R"({"progressToken":"t","progress":1})"},
      Notification{"notifications/initialized", std::nullopt},
      Result{std::int64_t{-5}, R"({"tools":[]})"},
      Error{Id{std::int64_t{9}}, code::method_not_found, "Method not found: \"x\"", R"({"method":"x"})"},
  };
  return messages;
}

TEST(JsonRpcEncodeTest, ExactBytes) {
  EXPECT_EQ(encode(Request{std::int64_t{1}, "ping", std::nullopt}), R"({"jsonrpc":"2.0","id":1,"method":"ping"})");
  EXPECT_EQ(encode(Notification{"n", R"({"a":1})"}), R"({"jsonrpc":"2.0","method":"n","params":{"a":1}})");
  EXPECT_EQ(encode(Result{std::string("x"), "{}"}), R"({"jsonrpc":"2.0","id":"x","result":{}})");
  EXPECT_EQ(encode(Error{std::nullopt, code::parse_error, "Parse error", std::nullopt}),
            R"({"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error"}})");
  EXPECT_EQ(encode_batch({Result{std::int64_t{1}, "{}"}, Result{std::int64_t{2}, "{}"}}),
            R"([{"jsonrpc":"2.0","id":1,"result":{}},{"jsonrpc":"2.0","id":2,"result":{}}])");
}

TEST(JsonRpcEncodeTest, RoundTripsThroughTheDecoder) {
  for (const Message& m : samples()) {
    const std::string text = encode(m);
    Decoded d = decode(text, {});
    ASSERT_EQ(d.messages.size(), 1u) << text;
    EXPECT_EQ(encode(d.messages[0]), text);
  }
}

TEST(JsonRpcEncodeTest, EveryRevisionsSchemaAcceptsWhatWeSend) {
  schemas::SchemaRegistry registry;
  registry.add_directory("https://mcp.test/",
                         std::filesystem::path(TOOLGATE_SOURCE_DIR) / ".." / "shared" / "testdata" / "mcp-schema");
  schemas::CompileOptions options;
  options.registry = &registry;
  struct Revision {
    const char* name;
    const char* defs;
    const char* result;  // 2025-11-25 renamed the response definitions
    const char* error;
  };
  for (auto [revision, defs, result_name, error_name] :
       {Revision{"2024-11-05", "definitions", "JSONRPCResponse", "JSONRPCError"},
        Revision{"2025-03-26", "definitions", "JSONRPCResponse", "JSONRPCError"},
        Revision{"2025-06-18", "definitions", "JSONRPCResponse", "JSONRPCError"},
        Revision{"2025-11-25", "$defs", "JSONRPCResultResponse", "JSONRPCErrorResponse"}}) {
    auto definition = [&](const char* name) {
      const std::string ref = std::string("https://mcp.test/") + revision + "/schema.json#/" + defs + "/" + name;
      auto compiled = schemas::compile_schema(R"({"$ref": ")" + ref + R"("})", options);
      EXPECT_TRUE(compiled) << ref << ": " << (compiled ? "" : compiled.error().message);
      return compiled ? *compiled : nullptr;
    };
    const auto request = definition("JSONRPCRequest");
    const auto notification = definition("JSONRPCNotification");
    const auto response = definition(result_name);
    const auto error = definition(error_name);
    ASSERT_TRUE(request && notification && response && error);
    simdjson::dom::parser parser;
    for (const Message& m : samples()) {
      const std::string text = encode(m);
      simdjson::dom::element element = parser.parse(text).value();
      const schemas::CompiledSchema& schema = std::holds_alternative<Request>(m)        ? *request
                                              : std::holds_alternative<Notification>(m) ? *notification
                                              : std::holds_alternative<Result>(m)       ? *response
                                                                                        : *error;
      auto verdict = schema.validate(element);
      EXPECT_TRUE(verdict.valid) << revision << ": " << text << ": "
                                 << (verdict.errors.empty() ? "" : verdict.errors[0].message);
    }
  }
}

}  // namespace
}  // namespace toolgate::mcp::jsonrpc
