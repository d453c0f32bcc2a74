// Parser tests: a full GLM request, the accepted variants, and one row per rejection asserting the
// status, the JSON path in `param` and the error code.
#include "gateway/openai/chat_request_parser.hpp"

#include <string>
#include <variant>

#include <gtest/gtest.h>

namespace toolgate::gateway::openai {
namespace {

using backend::Role;

ChatRequest parse_ok(std::string_view body) {
  auto result = parse_chat_request(body);
  if (const auto* err = std::get_if<ApiError>(&result)) {
    ADD_FAILURE() << "unexpected error: " << err->param << ": " << err->message;
    return {};
  }
  return std::get<ChatRequest>(std::move(result));
}

ApiError parse_err(std::string_view body) {
  auto result = parse_chat_request(body);
  if (std::holds_alternative<ChatRequest>(result)) {
    ADD_FAILURE() << "expected an error for: " << body;
    return {};
  }
  return std::get<ApiError>(std::move(result));
}

constexpr std::string_view kGlmRequest = R"({"model":"glm-5","stream":true,"stream_options":{"include_usage":true},
 "messages":[
  {"role":"developer","content":"Be terse."},
  {"role":"user","content":[{"type":"text","text":"Weather in Paris "},{"type":"text","text":"for 3 days?"}]},
  {"role":"assistant","content":null,"reasoning_content":"Need the tool.",
   "tool_calls":[{"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\",\"days\":3}"}}]},
  {"role":"tool","tool_call_id":"call_abc","content":"{\"temp_c\":21}"}],
 "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather for a city","strict":true,
   "parameters":{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"}},
                 "required":["city","days"],"additionalProperties":false}}}],
 "tool_choice":"auto","parallel_tool_calls":false,
 "thinking":{"type":"enabled","clear_thinking":false},"reasoning_effort":"high","tool_stream":true,
 "max_tokens":100,"max_completion_tokens":2048,"temperature":0.6,"top_p":0.95,"seed":42,"n":1,
 "stop":["</end>","STOP"],"user":"u-1",
 "presence_penalty":0.5,"metadata":{"a": "b"},"do_sample":false,"service_tier":null,
 "some_future_field":{"x":[1,2]}})";

TEST(ChatRequestParser, FullGlmRequest) {
  const ChatRequest r = parse_ok(kGlmRequest);
  EXPECT_EQ(r.model, "glm-5");
  EXPECT_TRUE(r.stream);
  EXPECT_TRUE(r.include_usage);
  EXPECT_TRUE(r.tool_stream);
  ASSERT_TRUE(r.reasoning_effort.has_value());
  EXPECT_EQ(*r.reasoning_effort, backend::Effort::high);
  EXPECT_EQ(r.thinking_enabled, std::optional<bool>(true));
  EXPECT_EQ(r.clear_thinking, std::optional<bool>(false));
  EXPECT_EQ(r.user, "u-1");

  const auto& g = r.generate;
  ASSERT_EQ(g.messages.size(), 4u);
  EXPECT_EQ(g.messages[0].role, Role::developer);
  EXPECT_EQ(g.messages[0].content, "Be terse.");
  EXPECT_EQ(g.messages[1].role, Role::user);
  EXPECT_EQ(g.messages[1].content, "Weather in Paris for 3 days?");
  EXPECT_EQ(g.messages[2].role, Role::assistant);
  EXPECT_TRUE(g.messages[2].content_null);
  EXPECT_EQ(g.messages[2].content, "");
  EXPECT_EQ(g.messages[2].reasoning, std::optional<std::string>("Need the tool."));
  ASSERT_EQ(g.messages[2].tool_calls.size(), 1u);
  EXPECT_EQ(g.messages[2].tool_calls[0].id, "call_abc");
  EXPECT_EQ(g.messages[2].tool_calls[0].name, "get_weather");
  EXPECT_EQ(g.messages[2].tool_calls[0].arguments, R"({"city":"Paris","days":3})");
  EXPECT_EQ(g.messages[3].role, Role::tool);
  EXPECT_EQ(g.messages[3].tool_call_id, "call_abc");
  EXPECT_EQ(g.messages[3].content, R"({"temp_c":21})");

  ASSERT_EQ(g.tools.size(), 1u);
  EXPECT_EQ(g.tools[0].name, "get_weather");
  EXPECT_EQ(g.tools[0].description, "Weather for a city");
  EXPECT_TRUE(g.tools[0].strict);
  EXPECT_EQ(g.tools[0].parameters_json,
            R"({"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"}},)"
            R"("required":["city","days"],"additionalProperties":false})");
  EXPECT_EQ(g.tool_choice.mode, backend::ToolChoice::Mode::automatic);
  EXPECT_FALSE(g.parallel_tool_calls);
  EXPECT_EQ(g.response_format.type, backend::ResponseFormat::Type::text);
  EXPECT_EQ(g.max_tokens, std::optional<std::uint32_t>(2048));  // max_completion_tokens wins
  EXPECT_EQ(g.sampling.temperature, std::optional<double>(0.6));
  EXPECT_EQ(g.sampling.top_p, std::optional<double>(0.95));
  EXPECT_EQ(g.sampling.seed, std::optional<std::int64_t>(42));
  EXPECT_EQ(g.stop, (std::vector<std::string>{"</end>", "STOP"}));

  // Known-but-unmodelled fields pass through minified, in body order; nulls and unknown keys don't.
  const std::vector<std::pair<std::string, std::string>> expected_passthrough = {
      {"presence_penalty", "0.5"}, {"metadata", R"({"a":"b"})"}, {"do_sample", "false"}};
  EXPECT_EQ(r.passthrough, expected_passthrough);
}

TEST(ChatRequestParser, MinimalRequestDefaults) {
  const ChatRequest r = parse_ok(R"({"model":"m","messages":[{"role":"user","content":"hi"}]})");
  EXPECT_FALSE(r.stream);
  EXPECT_FALSE(r.include_usage);
  EXPECT_FALSE(r.tool_stream);
  EXPECT_FALSE(r.reasoning_effort.has_value());
  EXPECT_FALSE(r.thinking_enabled.has_value());
  EXPECT_EQ(r.generate.tool_choice.mode, backend::ToolChoice::Mode::none);
  EXPECT_TRUE(r.generate.parallel_tool_calls);
  EXPECT_FALSE(r.generate.max_tokens.has_value());
  EXPECT_TRUE(r.passthrough.empty());
  ASSERT_EQ(r.generate.messages.size(), 1u);
  EXPECT_EQ(r.generate.messages[0].content, "hi");
}

TEST(ChatRequestParser, UnknownFieldsAreIgnoredEverywhere) {
  const ChatRequest r = parse_ok(R"({"model":"m","x_vendor":{"deep":[1,{"a":null}]},
    "messages":[{"role":"user","content":"hi","x_extra":5,"tool_calls":"ignored for users"}],
    "stream":true,"stream_options":{"include_usage":false,"include_obfuscation":true}})");
  EXPECT_TRUE(r.stream);
  EXPECT_FALSE(r.include_usage);
  EXPECT_TRUE(r.passthrough.empty());
}

TEST(ChatRequestParser, NullMeansUnset) {
  const ChatRequest r = parse_ok(R"({"model":"m","messages":[{"role":"user","content":"hi"}],
    "reasoning_effort":null,"temperature":null,"tools":null,"tool_choice":null,"stop":null,
    "stream_options":null,"max_tokens":null,"logprobs":null,"n":null,"thinking":null})");
  EXPECT_FALSE(r.reasoning_effort.has_value());
  EXPECT_FALSE(r.generate.sampling.temperature.has_value());
  EXPECT_TRUE(r.generate.tools.empty());
}

TEST(ChatRequestParser, ReasoningEffortNoneMapsToOff) {
  const ChatRequest r = parse_ok(
      R"({"model":"m","messages":[{"role":"user","content":"hi"}],"reasoning_effort":"none"})");
  EXPECT_EQ(r.reasoning_effort, std::optional<backend::Effort>(backend::Effort::off));
  const ChatRequest m = parse_ok(
      R"({"model":"m","messages":[{"role":"user","content":"hi"}],"reasoning_effort":"max","thinking":{"type":"disabled"}})");
  EXPECT_EQ(m.reasoning_effort, std::optional<backend::Effort>(backend::Effort::max));
  EXPECT_EQ(m.thinking_enabled, std::optional<bool>(false));
}

TEST(ChatRequestParser, ToolStreamWithoutStreamIsIgnored) {
  const ChatRequest r = parse_ok(
      R"({"model":"m","messages":[{"role":"user","content":"hi"}],"tool_stream":true})");
  EXPECT_FALSE(r.stream);
  EXPECT_FALSE(r.tool_stream);
}

TEST(ChatRequestParser, AssistantVariants) {
  const ChatRequest r = parse_ok(R"({"model":"m","messages":[
    {"role":"system","content":"s"},
    {"role":"user","content":"hi"},
    {"role":"assistant","reasoning":"vllm style","tool_calls":[
      {"id":"a","function":{"name":"now","arguments":""}},
      {"id":"b","type":"function","function":{"name":"now","arguments":" {} "}}]},
    {"role":"tool","tool_call_id":"b","content":[{"type":"text","text":"12:00"}]},
    {"role":"tool","tool_call_id":"a","content":"12:00"},
    {"role":"assistant","content":[{"type":"text","text":"It is "},{"type":"refusal","refusal":"noon"}],"name":"bot"}]})");
  const auto& m = r.generate.messages;
  ASSERT_EQ(m.size(), 6u);
  EXPECT_EQ(m[0].role, Role::system);
  EXPECT_TRUE(m[2].content_null);  // absent content on an assistant turn
  EXPECT_EQ(m[2].reasoning, std::optional<std::string>("vllm style"));
  ASSERT_EQ(m[2].tool_calls.size(), 2u);
  EXPECT_EQ(m[2].tool_calls[0].arguments, "{}");  // empty arguments mean no arguments
  EXPECT_EQ(m[2].tool_calls[1].arguments, " {} ");
  EXPECT_EQ(m[3].content, "12:00");
  EXPECT_EQ(m[3].tool_call_id, "b");
  EXPECT_EQ(m[5].content, "It is noon");
  EXPECT_FALSE(m[5].content_null);
  EXPECT_EQ(m[5].name, "bot");
}

TEST(ChatRequestParser, ToolChoiceVariants) {
  const std::string tools =
      R"("tools":[{"type":"function","function":{"name":"a"}},{"type":"function","function":{"name":"b-2"}}])";
  const std::string head = R"({"model":"m","messages":[{"role":"user","content":"hi"}],)";
  const ChatRequest dflt = parse_ok(head + tools + "}");
  EXPECT_EQ(dflt.generate.tool_choice.mode, backend::ToolChoice::Mode::automatic);
  EXPECT_EQ(dflt.generate.tools[0].parameters_json, "");
  const ChatRequest req = parse_ok(head + tools + R"(,"tool_choice":"required"})");
  EXPECT_EQ(req.generate.tool_choice.mode, backend::ToolChoice::Mode::required);
  const ChatRequest none = parse_ok(head + tools + R"(,"tool_choice":"none"})");
  EXPECT_EQ(none.generate.tool_choice.mode, backend::ToolChoice::Mode::none);
  const ChatRequest named =
      parse_ok(head + tools + R"(,"tool_choice":{"type":"function","function":{"name":"b-2"}}})");
  EXPECT_EQ(named.generate.tool_choice.mode, backend::ToolChoice::Mode::named);
  EXPECT_EQ(named.generate.tool_choice.name, "b-2");
}

TEST(ChatRequestParser, ResponseFormats) {
  const std::string head = R"({"model":"m","messages":[{"role":"user","content":"hi"}],)";
  const ChatRequest obj = parse_ok(head + R"("response_format":{"type":"json_object"}})");
  EXPECT_EQ(obj.generate.response_format.type, backend::ResponseFormat::Type::json_object);
  const ChatRequest schema = parse_ok(head + R"("response_format":{"type":"json_schema","json_schema":
      {"name":"answer","description":"d","strict":true,"schema":{"type":"object", "properties":{}}}}})");
  const auto& f = schema.generate.response_format;
  EXPECT_EQ(f.type, backend::ResponseFormat::Type::json_schema);
  EXPECT_EQ(f.name, "answer");
  EXPECT_EQ(f.description, "d");
  EXPECT_TRUE(f.strict);
  EXPECT_EQ(f.schema_json, R"({"type":"object","properties":{}})");
}

TEST(ChatRequestParser, NumericForms) {
  const ChatRequest r = parse_ok(R"({"model":"m","messages":[{"role":"user","content":"hi"}],
    "max_tokens":10.0,"temperature":1,"top_p":0,"stop":"x","seed":-7})");
  EXPECT_EQ(r.generate.max_tokens, std::optional<std::uint32_t>(10));
  EXPECT_EQ(r.generate.sampling.temperature, std::optional<double>(1.0));
  EXPECT_EQ(r.generate.sampling.top_p, std::optional<double>(0.0));
  EXPECT_EQ(r.generate.stop, std::vector<std::string>{"x"});
  EXPECT_EQ(r.generate.sampling.seed, std::optional<std::int64_t>(-7));
}

struct BadCase {
  const char* name;
  std::string body;
  std::string param;
  std::string code;
};

std::string with_user(std::string_view extra) {
  return R"({"model":"m","messages":[{"role":"user","content":"hi"}],)" + std::string(extra) + "}";
}

std::string with_messages(std::string_view messages) {
  return R"({"model":"m","messages":)" + std::string(messages) + "}";
}

constexpr std::string_view kCallHistory =
    R"({"role":"user","content":"hi"},{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]})";

std::string with_history(std::string_view tool_message) {
  return with_messages("[" + std::string(kCallHistory) + "," + std::string(tool_message) + "]");
}

std::string with_call(std::string_view call) {
  return with_messages(R"([{"role":"user","content":"hi"},{"role":"assistant","tool_calls":[)" +
                       std::string(call) + "]}]");
}

const std::string kTool = R"({"type":"function","function":{"name":"f"}})";

std::vector<BadCase> bad_cases() {
  std::string deep = R"({"model":"m","messages":[{"role":"user","content":"hi"}],"x":)";
  for (int i = 0; i < 200; ++i) deep += "[";
  for (int i = 0; i < 200; ++i) deep += "]";
  deep += "}";
  return {
      {"not_json", "this is not json", "", "invalid_json"},
      {"empty_body", "", "", "invalid_json"},
      {"trailing_garbage", with_user(R"("stream":false)") + " trailing", "", "invalid_json"},
      {"too_deep", deep, "", "invalid_json"},
      {"bad_utf8", "{\"model\":\"m\xff\",\"messages\":[]}", "", "invalid_json"},
      {"root_array", "[1,2]", "", "invalid_type"},
      {"missing_model", R"({"messages":[{"role":"user","content":"hi"}]})", "model", "missing_required_field"},
      {"model_not_string", R"({"model":5,"messages":[{"role":"user","content":"hi"}]})", "model", "invalid_type"},
      {"model_empty", R"({"model":"","messages":[{"role":"user","content":"hi"}]})", "model", "invalid_value"},
      {"missing_messages", R"({"model":"m"})", "messages", "missing_required_field"},
      {"messages_object", with_messages("{}"), "messages", "invalid_type"},
      {"messages_empty", with_messages("[]"), "messages", "invalid_value"},
      {"message_not_object", with_messages(R"(["hi"])"), "messages[0]", "invalid_type"},
      {"role_missing", with_messages(R"([{"content":"hi"}])"), "messages[0].role", "missing_required_field"},
      {"role_function", with_messages(R"([{"role":"function","name":"f","content":"x"}])"), "messages[0].role", "invalid_value"},
      {"role_unknown", with_messages(R"([{"role":"robot","content":"x"}])"), "messages[0].role", "invalid_value"},
      {"content_number", with_messages(R"([{"role":"user","content":1}])"), "messages[0].content", "invalid_type"},
      {"content_null_user", with_messages(R"([{"role":"user","content":null}])"), "messages[0].content", "invalid_type"},
      {"content_missing_user", with_messages(R"([{"role":"user"}])"), "messages[0].content", "missing_required_field"},
      {"image_part", with_messages(R"([{"role":"user","content":[{"type":"text","text":"a"},{"type":"image_url","image_url":{"url":"http://x/y.png"}}]}])"),
       "messages[0].content[1].type", "invalid_value"},
      {"part_without_text", with_messages(R"([{"role":"user","content":[{"type":"text"}]}])"), "messages[0].content[0].text", "missing_required_field"},
      {"part_not_object", with_messages(R"([{"role":"system","content":["a"]}])"), "messages[0].content[0]", "invalid_type"},
      {"args_invalid_json", with_call(R"({"id":"c","type":"function","function":{"name":"f","arguments":"{\"a\":"}})"),
       "messages[1].tool_calls[0].function.arguments", "invalid_value"},
      {"args_not_object", with_call(R"({"id":"c","type":"function","function":{"name":"f","arguments":"[1]"}})"),
       "messages[1].tool_calls[0].function.arguments", "invalid_value"},
      {"args_not_string", with_call(R"({"id":"c","type":"function","function":{"name":"f","arguments":{}}})"),
       "messages[1].tool_calls[0].function.arguments", "invalid_type"},
      {"call_name_missing", with_call(R"({"id":"c","type":"function","function":{"arguments":"{}"}})"),
       "messages[1].tool_calls[0].function.name", "missing_required_field"},
      {"call_id_missing", with_call(R"({"type":"function","function":{"name":"f","arguments":"{}"}})"),
       "messages[1].tool_calls[0].id", "missing_required_field"},
      {"call_type_wrong", with_call(R"({"id":"c","type":"code","function":{"name":"f","arguments":"{}"}})"),
       "messages[1].tool_calls[0].type", "invalid_value"},
      {"tool_calls_not_array", with_messages(R"([{"role":"user","content":"hi"},{"role":"assistant","tool_calls":{}}])"),
       "messages[1].tool_calls", "invalid_type"},
      {"tool_without_id", with_history(R"({"role":"tool","content":"r"})"), "messages[2].tool_call_id", "missing_required_field"},
      {"tool_unknown_id", with_history(R"({"role":"tool","tool_call_id":"c2","content":"r"})"), "messages[2].tool_call_id", "invalid_value"},
      {"tool_before_call", with_messages(R"([{"role":"tool","tool_call_id":"c1","content":"r"},)" + std::string(kCallHistory) + "]"),
       "messages[0].tool_call_id", "invalid_value"},
      {"reasoning_not_string", with_messages(R"([{"role":"user","content":"hi"},{"role":"assistant","content":"x","reasoning_content":1}])"),
       "messages[1].reasoning_content", "invalid_type"},
      {"tools_not_array", with_user(R"("tools":{})"), "tools", "invalid_type"},
      {"tool_type_wrong", with_user(R"("tools":[{"type":"retrieval","function":{"name":"f"}}])"), "tools[0].type", "invalid_value"},
      {"tool_function_missing", with_user(R"("tools":[{"type":"function"}])"), "tools[0].function", "missing_required_field"},
      {"tool_name_chars", with_user(R"("tools":[{"type":"function","function":{"name":"get weather"}}])"), "tools[0].function.name", "invalid_value"},
      {"tool_name_too_long", with_user(R"("tools":[{"type":"function","function":{"name":")" + std::string(65, 'a') + R"("}}])"),
       "tools[0].function.name", "invalid_value"},
      {"tool_name_duplicate", with_user(R"("tools":[)" + kTool + "," + kTool + "]"), "tools[1].function.name", "invalid_value"},
      {"tool_params_not_object", with_user(R"("tools":[{"type":"function","function":{"name":"f","parameters":"x"}}])"),
       "tools[0].function.parameters", "invalid_type"},
      {"tool_strict_not_bool", with_user(R"("tools":[{"type":"function","function":{"name":"f","strict":"yes"}}])"),
       "tools[0].function.strict", "invalid_type"},
      {"choice_unknown_tool", with_user(R"("tools":[)" + kTool + R"(],"tool_choice":{"type":"function","function":{"name":"g"}})"),
       "tool_choice.function.name", "invalid_value"},
      {"choice_required_no_tools", with_user(R"("tool_choice":"required")"), "tool_choice", "invalid_value"},
      {"choice_unknown_mode", with_user(R"("tool_choice":"sometimes")"), "tool_choice", "invalid_value"},
      {"choice_number", with_user(R"("tool_choice":3)"), "tool_choice", "invalid_type"},
      {"choice_allowed_tools", with_user(R"("tools":[)" + kTool + R"(],"tool_choice":{"type":"allowed_tools"})"),
       "tool_choice.type", "invalid_value"},
      {"format_schema_missing", with_user(R"("response_format":{"type":"json_schema"})"), "response_format.json_schema", "missing_required_field"},
      {"format_schema_name", with_user(R"("response_format":{"type":"json_schema","json_schema":{"name":"a b"}})"),
       "response_format.json_schema.name", "invalid_value"},
      {"format_schema_not_object", with_user(R"("response_format":{"type":"json_schema","json_schema":{"name":"a","schema":[]}})"),
       "response_format.json_schema.schema", "invalid_type"},
      {"format_schema_broken", with_user(R"("response_format":{"type":"json_schema","json_schema":{"name":"a","schema":{"properties":{"n":{"type":"integr"}}}}})"),
       "response_format.json_schema.schema", "invalid_schema"},
      {"tool_params_bad_pattern", with_user(R"("tools":[{"type":"function","function":{"name":"f","parameters":{"properties":{"d":{"pattern":"(a"}}}}}])"),
       "tools[0].function.parameters", "invalid_schema"},
      {"tool_params_bad_ref", with_user(R"("tools":[{"type":"function","function":{"name":"f","parameters":{"$ref":"#/$defs/x"}}}])"),
       "tools[0].function.parameters", "invalid_schema"},
      {"format_type_unknown", with_user(R"("response_format":{"type":"xml"})"), "response_format.type", "invalid_value"},
      {"format_not_object", with_user(R"("response_format":"json")"), "response_format", "invalid_type"},
      {"stream_not_bool", with_user(R"("stream":"yes")"), "stream", "invalid_type"},
      {"stream_options_without_stream", with_user(R"("stream_options":{"include_usage":true})"), "stream_options", "invalid_value"},
      {"include_usage_not_bool", with_user(R"("stream":true,"stream_options":{"include_usage":"yes"})"),
       "stream_options.include_usage", "invalid_type"},
      {"tool_stream_not_bool", with_user(R"("stream":true,"tool_stream":1)"), "tool_stream", "invalid_type"},
      {"max_tokens_zero", with_user(R"("max_tokens":0)"), "max_tokens", "invalid_value"},
      {"max_tokens_huge", with_user(R"("max_tokens":5000000000)"), "max_tokens", "invalid_value"},
      {"max_completion_fraction", with_user(R"("max_completion_tokens":1.5)"), "max_completion_tokens", "invalid_type"},
      {"temperature_high", with_user(R"("temperature":2.5)"), "temperature", "invalid_value"},
      {"temperature_string", with_user(R"("temperature":"hot")"), "temperature", "invalid_type"},
      {"top_p_high", with_user(R"("top_p":1.5)"), "top_p", "invalid_value"},
      {"stop_too_many", with_user(R"("stop":["a","b","c","d","e"])"), "stop", "invalid_value"},
      {"stop_item_number", with_user(R"("stop":["a",1])"), "stop[1]", "invalid_type"},
      {"stop_number", with_user(R"("stop":1)"), "stop", "invalid_type"},
      {"n_two", with_user(R"("n":2)"), "n", "invalid_value"},
      {"seed_string", with_user(R"("seed":"x")"), "seed", "invalid_type"},
      {"seed_too_large", with_user(R"("seed":18446744073709551615)"), "seed", "invalid_value"},
      {"effort_unknown", with_user(R"("reasoning_effort":"medium")"), "reasoning_effort", "invalid_value"},
      {"effort_number", with_user(R"("reasoning_effort":3)"), "reasoning_effort", "invalid_type"},
      {"thinking_type_unknown", with_user(R"("thinking":{"type":"auto"})"), "thinking.type", "invalid_value"},
      {"thinking_type_missing", with_user(R"("thinking":{"clear_thinking":true})"), "thinking.type", "missing_required_field"},
      {"thinking_string", with_user(R"("thinking":"on")"), "thinking", "invalid_type"},
      {"clear_thinking_string", with_user(R"("thinking":{"type":"enabled","clear_thinking":"no"})"), "thinking.clear_thinking", "invalid_type"},
      {"logprobs_true", with_user(R"("logprobs":true)"), "logprobs", "unsupported_parameter"},
      {"top_logprobs", with_user(R"("top_logprobs":3)"), "top_logprobs", "unsupported_parameter"},
      {"parallel_not_bool", with_user(R"("parallel_tool_calls":"no")"), "parallel_tool_calls", "invalid_type"},
      {"user_not_string", with_user(R"("user":1)"), "user", "invalid_type"},
  };
}

TEST(ChatRequestParser, RejectsBadInputsNamingTheField) {
  const auto cases = bad_cases();
  ASSERT_GE(cases.size(), 25u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const ApiError e = parse_err(c.body);
    EXPECT_EQ(e.status, 400u);
    EXPECT_EQ(e.type, "invalid_request_error");
    EXPECT_EQ(e.param, c.param);
    EXPECT_EQ(e.code, c.code);
    EXPECT_FALSE(e.message.empty());
  }
}

TEST(ChatRequestParser, MessagesSayWhatIsWrong) {
  EXPECT_NE(parse_err("{\"model\":").message.find("not valid JSON"), std::string::npos);
  EXPECT_NE(parse_err(with_messages(R"([{"role":"user","content":[{"type":"input_audio","input_audio":{}}]}])"))
                .message.find("only text content is supported"),
            std::string::npos);
  const std::string effort = parse_err(with_user(R"("reasoning_effort":"xhigh")")).message;
  for (const char* v : {"'off'", "'none'", "'high'", "'max'"}) {
    EXPECT_NE(effort.find(v), std::string::npos) << effort;
  }
  EXPECT_EQ(parse_err(with_user(R"("temperature":"hot")")).message,
            "Invalid type for 'temperature': expected a number, but got a string instead.");
  EXPECT_EQ(parse_err(R"({"messages":[]})").message, "Missing required parameter: 'model'.");
}

TEST(ChatRequestParserSchemaTest, BrokenSchemaMessageNamesTheBrokenPart) {
  const ApiError e = parse_err(
      R"({"model":"m","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema",)"
      R"("json_schema":{"name":"a","schema":{"properties":{"n":{"type":"integr"}}}}}})");
  EXPECT_EQ(e.status, 400u);
  EXPECT_EQ(e.message,
            "Invalid schema for 'response_format.json_schema.schema' at '/properties/n/type': unknown type \"integr\".");
}

}  // namespace
}  // namespace toolgate::gateway::openai
