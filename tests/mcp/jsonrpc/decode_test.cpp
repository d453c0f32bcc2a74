#include <gtest/gtest.h>

#include "mcp/jsonrpc/codec.hpp"

namespace toolgate::mcp::jsonrpc {
namespace {

Message decode_ok(std::string_view text, DecodeOptions options = {}) {
  Decoded d = decode(text, options);
  EXPECT_TRUE(d.rejects.empty()) << text << ": " << (d.rejects.empty() ? "" : d.rejects[0].message);
  EXPECT_EQ(d.messages.size(), 1u) << text;
  return d.messages.empty() ? Message(Notification{}) : d.messages[0];
}

Error decode_reject(std::string_view text, DecodeOptions options = {}) {
  Decoded d = decode(text, options);
  EXPECT_TRUE(d.messages.empty()) << text;
  EXPECT_EQ(d.rejects.size(), 1u) << text;
  return d.rejects.empty() ? Error{} : d.rejects[0];
}

TEST(JsonRpcDecodeTest, RequestsNotificationsResultsAndErrors) {
  auto request = std::get<Request>(decode_ok(R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"x","arguments":{"a":[1, 2]}}})"));
  EXPECT_EQ(std::get<std::int64_t>(request.id), 7);
  EXPECT_EQ(request.method, "tools/call");
  EXPECT_EQ(request.params, std::optional<std::string>(R"({"name":"x","arguments":{"a":[1,2]}})"));
  auto string_id = std::get<Request>(decode_ok(R"({"jsonrpc":"2.0","id":"a-1","method":"ping"})"));
  EXPECT_EQ(std::get<std::string>(string_id.id), "a-1");
  EXPECT_FALSE(string_id.params);
  auto note = std::get<Notification>(decode_ok(R"({"jsonrpc":"2.0","method":"notifications/initialized"})"));
  EXPECT_EQ(note.method, "notifications/initialized");
  auto result = std::get<Result>(decode_ok(R"({"jsonrpc":"2.0","id":3,"result":{"tools":[]}})"));
  EXPECT_EQ(result.result, R"({"tools":[]})");
  auto error = std::get<Error>(decode_ok(R"({"jsonrpc":"2.0","id":"q","error":{"code":-32601,"message":"no","data":{"m":"x"}}})"));
  EXPECT_EQ(std::get<std::string>(*error.id), "q");
  EXPECT_EQ(error.code, -32601);
  EXPECT_EQ(error.data, std::optional<std::string>(R"({"m":"x"})"));
  auto anonymous = std::get<Error>(decode_ok(R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"bad"}})"));
  EXPECT_FALSE(anonymous.id);
}

TEST(JsonRpcDecodeTest, MalformedMessagesGetTheRightCodeAndKeepTheirId) {
  EXPECT_EQ(decode_reject("{\"jsonrpc\":\"2.0\",").code, code::parse_error);
  struct Case {
    const char* text;
    const char* why;
    bool keeps_id;
  };
  for (const Case& c : {
           Case{R"({"jsonrpc":"2.0","id":null,"method":"ping"})", "\"id\" must not be null", false},
           Case{R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})", "\"id\" must be a string or an integer", false},
           Case{R"({"jsonrpc":"2.0","id":true,"method":"ping"})", "\"id\" must be a string or an integer", false},
           Case{R"({"jsonrpc":"2.0","id":18446744073709551615,"method":"ping"})", "\"id\" is out of the 64-bit integer range", false},
           Case{R"({"jsonrpc":"1.0","id":4,"method":"ping"})", "\"jsonrpc\" must be \"2.0\"", true},
           Case{R"({"id":4,"method":"ping"})", "\"jsonrpc\" must be \"2.0\"", true},
           Case{R"({"jsonrpc":"2.0","id":4,"method":""})", "\"method\" must be a non-empty string", true},
           Case{R"({"jsonrpc":"2.0","id":4,"method":7})", "\"method\" must be a non-empty string", true},
           Case{R"({"jsonrpc":"2.0","id":4,"method":"x","params":[1]})", "\"params\" must be an object", true},
           Case{R"({"jsonrpc":"2.0","id":4,"method":"x","result":{}})", "a request cannot carry \"result\" or \"error\"", true},
           Case{R"({"jsonrpc":"2.0","id":4})", "a message needs \"method\", \"result\" or \"error\"", true},
           Case{R"({"jsonrpc":"2.0","id":4,"result":{},"error":{"code":1,"message":"m"}})",
                "a response carries either \"result\" or \"error\", not both", true},
           Case{R"({"jsonrpc":"2.0","result":{}})", "a result needs the \"id\" of its request", false},
           Case{R"({"jsonrpc":"2.0","id":4,"error":{"code":"x","message":"m"}})", "\"error.code\" must be an integer", true},
           Case{R"({"jsonrpc":"2.0","id":4,"error":{"code":1}})", "\"error.message\" must be a string", true},
           Case{R"([1])", "JSON-RPC batches are not part of the negotiated MCP revision", false},
           Case{R"("ping")", "a JSON-RPC message must be an object", false},
       }) {
    Error e = decode_reject(c.text);
    EXPECT_EQ(e.code, code::invalid_request) << c.text;
    EXPECT_EQ(e.message, c.why) << c.text;
    EXPECT_EQ(e.id.has_value(), c.keeps_id) << c.text;
    if (c.keeps_id) {
      EXPECT_EQ(std::get<std::int64_t>(*e.id), 4) << c.text;
    }
  }
}

TEST(JsonRpcDecodeTest, BatchesOnlyWhereAllowedEachMemberOnItsOwn) {
  DecodeOptions batches{.allow_batch = true, .max_batch = 3};
  Decoded d = decode(R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":null,"method":"ping"},
                         {"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}])",
                     batches);
  EXPECT_TRUE(d.batch);
  ASSERT_EQ(d.messages.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<Request>(d.messages[0]));
  EXPECT_TRUE(std::holds_alternative<Notification>(d.messages[1]));
  ASSERT_EQ(d.rejects.size(), 1u);
  EXPECT_EQ(d.rejects[0].message, "\"id\" must not be null");
  EXPECT_EQ(decode_reject("[]", batches).message, "a batch must not be empty");
  EXPECT_EQ(decode_reject("[{},{},{},{}]", batches).message, "a batch holds at most 3 messages");
}

TEST(JsonRpcDecodeTest, LargeNumbersInParamsSurvive) {
  auto request = std::get<Request>(decode_ok(R"({"jsonrpc":"2.0","id":1,"method":"m","params":{"n":123456789012345678901234567890}})"));
  ASSERT_TRUE(request.params);
  EXPECT_NE(request.params->find("\"n\":"), std::string::npos);
}

}  // namespace
}  // namespace toolgate::mcp::jsonrpc
