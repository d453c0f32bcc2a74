#include "gateway/upstream/request_encoder.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace toolgate::gateway::upstream {
namespace {

namespace json = boost::json;
using backend::Effort;
using backend::Role;

openai::ChatRequest weather_request() {
  openai::ChatRequest chat;
  chat.model = "glm-5";
  chat.stream = true;
  chat.tool_stream = true;
  chat.user = "u-1";
  auto& g = chat.generate;
  g.messages.push_back({Role::developer, "Be terse.", false, std::nullopt, {}, "", ""});
  g.messages.push_back({Role::user, "Weather in Paris?", false, std::nullopt, {}, "", ""});
  g.messages.push_back({Role::assistant, "", true, std::string("Need the tool."),
                        {{"call_abc", "get_weather", R"({"city":"Paris"})"}}, "", ""});
  g.messages.push_back({Role::tool, R"({"temp_c":21})", false, std::nullopt, {}, "call_abc", ""});
  g.tools.push_back({"get_weather", "Weather for a city",
                     R"({"type":"object","properties":{"city":{"type":"string"}}})", true});
  g.tool_choice.mode = backend::ToolChoice::Mode::automatic;
  g.sampling.temperature = 0.5;
  g.max_tokens = 256;
  g.stop = {"END"};
  g.effort = Effort::high;
  chat.passthrough = {{"presence_penalty", "0.5"}, {"thinking", R"({"type":"enabled"})"},
                      {"model", R"("evil")"}, {"stream_options", R"({"include_usage":false})"}};
  return chat;
}

json::value common_messages(std::string_view developer_role, bool with_reasoning) {
  json::object assistant{
      {"role", "assistant"},
      {"content", nullptr},
      {"tool_calls",
       json::array{json::object{
           {"id", "call_abc"},
           {"type", "function"},
           {"function", json::object{{"name", "get_weather"}, {"arguments", R"({"city":"Paris"})"}}},
       }}}};
  if (with_reasoning) assistant["reasoning_content"] = "Need the tool.";
  return json::array{
      json::object{{"role", developer_role}, {"content", "Be terse."}},
      json::object{{"role", "user"}, {"content", "Weather in Paris?"}},
      assistant,
      json::object{{"role", "tool"}, {"content", R"({"temp_c":21})"}, {"tool_call_id", "call_abc"}},
  };
}

json::object common_body(std::string_view developer_role, bool with_reasoning) {
  return json::object{
      {"model", "glm-5-upstream"},
      {"messages", common_messages(developer_role, with_reasoning)},
      {"tools", json::parse(R"([{"type":"function","function":{"name":"get_weather",
          "description":"Weather for a city","strict":true,
          "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}])")},
      {"tool_choice", "auto"},
      {"parallel_tool_calls", true},
      {"temperature", 0.5},
      {"stop", json::array{"END"}},
      {"user", "u-1"},
      {"stream", true},
      {"stream_options", json::object{{"include_usage", true}}},
      {"presence_penalty", 0.5},
  };
}

json::value encode(const openai::ChatRequest& chat, Dialect dialect, bool stream) {
  return json::parse(encode_upstream_request(chat, "glm-5-upstream", dialect, stream));
}

TEST(RequestEncoder, GlmSendsThinkingEffortAndToolStream) {
  json::object expected = common_body("system", true);
  expected["max_tokens"] = 256;
  expected["thinking"] = json::object{{"type", "enabled"}};
  expected["reasoning_effort"] = "high";
  expected["tool_stream"] = true;
  EXPECT_EQ(encode(weather_request(), Dialect::glm, true), json::value(expected))
      << encode_upstream_request(weather_request(), "glm-5-upstream", Dialect::glm, true);
}

TEST(RequestEncoder, GlmThinkingOffOmitsEffortAndKeepsClearThinking) {
  auto chat = weather_request();
  chat.generate.effort = Effort::off;
  chat.clear_thinking = false;
  auto body = encode(chat, Dialect::glm, true).as_object();
  EXPECT_EQ(body["thinking"], (json::value{{"type", "disabled"}, {"clear_thinking", false}}));
  EXPECT_FALSE(body.contains("reasoning_effort"));
  chat.generate.effort = Effort::max;
  EXPECT_EQ(encode(chat, Dialect::glm, true).as_object()["reasoning_effort"], "max");
}

TEST(RequestEncoder, ToolStreamOnlyWhenStreaming) {
  auto body = encode(weather_request(), Dialect::glm, false).as_object();
  EXPECT_FALSE(body.contains("tool_stream"));
  EXPECT_FALSE(body.contains("stream_options"));
  EXPECT_EQ(body["stream"], false);
}

TEST(RequestEncoder, VllmUsesChatTemplateKwargs) {
  auto chat = weather_request();
  chat.passthrough.push_back({"chat_template_kwargs", R"({"enable_thinking":true,"x":1})"});
  chat.generate.effort = Effort::off;
  json::object expected = common_body("system", true);
  expected["max_tokens"] = 256;
  expected["chat_template_kwargs"] = json::object{{"enable_thinking", false}, {"x", 1}};
  // vLLM ignores `thinking`, so the client's passthrough copy is forwarded harmlessly.
  expected["thinking"] = json::object{{"type", "enabled"}};
  EXPECT_EQ(encode(chat, Dialect::vllm, true), json::value(expected));
}

TEST(RequestEncoder, OpenAiStripsGlmFields) {
  auto chat = weather_request();
  chat.passthrough.push_back({"do_sample", "false"});
  json::object expected = common_body("developer", false);
  expected["max_completion_tokens"] = 256;
  EXPECT_EQ(encode(chat, Dialect::openai, true), json::value(expected));
}

TEST(RequestEncoder, ToolChoiceShapesAndNoToolsOmitsToolFields) {
  auto chat = weather_request();
  chat.generate.tool_choice = {backend::ToolChoice::Mode::named, "get_weather"};
  chat.generate.parallel_tool_calls = false;
  auto body = encode(chat, Dialect::openai, false).as_object();
  EXPECT_EQ(body["tool_choice"], json::parse(R"({"type":"function","function":{"name":"get_weather"}})"));
  EXPECT_EQ(body["parallel_tool_calls"], false);
  chat.generate.tool_choice.mode = backend::ToolChoice::Mode::required;
  EXPECT_EQ(encode(chat, Dialect::openai, false).as_object()["tool_choice"], "required");

  chat.generate.tools.clear();
  body = encode(chat, Dialect::openai, false).as_object();
  EXPECT_FALSE(body.contains("tools"));
  EXPECT_FALSE(body.contains("tool_choice"));
  EXPECT_FALSE(body.contains("parallel_tool_calls"));
}

TEST(RequestEncoder, ResponseFormatJsonSchema) {
  auto chat = weather_request();
  auto& rf = chat.generate.response_format;
  rf.type = backend::ResponseFormat::Type::json_schema;
  rf.name = "answer";
  rf.schema_json = R"({"type":"object"})";
  rf.strict = true;
  auto body = encode(chat, Dialect::openai, false).as_object();
  EXPECT_EQ(body["response_format"],
            json::parse(R"({"type":"json_schema","json_schema":{"name":"answer",
                "schema":{"type":"object"},"strict":true}})"));
  rf.type = backend::ResponseFormat::Type::json_object;
  EXPECT_EQ(encode(chat, Dialect::openai, false).as_object()["response_format"],
            json::parse(R"({"type":"json_object"})"));
}

TEST(RequestEncoder, SpecialCharactersSurviveRoundTrip) {
  openai::ChatRequest chat;
  chat.generate.messages.push_back(
      {Role::user, "quote \" backslash \\ newline \n unicode \xC3\xA9", false, std::nullopt, {}, "", "bob"});
  auto body = encode(chat, Dialect::openai, false).as_object();
  auto& m = body["messages"].as_array()[0].as_object();
  EXPECT_EQ(m["content"], "quote \" backslash \\ newline \n unicode \xC3\xA9");
  EXPECT_EQ(m["name"], "bob");
}

}  // namespace
}  // namespace toolgate::gateway::upstream
