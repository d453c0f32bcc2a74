#include "mcp/protocol/capabilities.hpp"

#include <gtest/gtest.h>

#include "mcp/protocol/logging_level.hpp"
#include "mcp/protocol/params.hpp"

namespace toolgate::mcp {
namespace {

TEST(InitializeParams, ReadsCapabilitiesAndKeepsTheirJson) {
  auto hello = read_initialize_params(std::string(
      R"({"protocolVersion":"2025-11-25","capabilities":{"roots":{"listChanged":true},"sampling":{"tools":{}},)"
      R"("elicitation":{"url":{}}},"clientInfo":{"name":"ed","version":"2"}})"));
  ASSERT_TRUE(hello) << hello.error();
  EXPECT_EQ(hello->revision, Revision::v2025_11_25);
  EXPECT_TRUE(hello->capabilities.roots && hello->capabilities.roots_list_changed);
  EXPECT_TRUE(hello->capabilities.sampling && hello->capabilities.sampling_tools);
  EXPECT_TRUE(hello->capabilities.elicitation_url);
  EXPECT_FALSE(hello->capabilities.elicitation_form);  // url mode only, as declared
  EXPECT_EQ(hello->capabilities.json,
            R"({"roots":{"listChanged":true},"sampling":{"tools":{}},"elicitation":{"url":{}}})");
  EXPECT_EQ(hello->client_info_json, R"({"name":"ed","version":"2"})");
}

TEST(InitializeParams, EmptyElicitationMeansFormMode) {
  auto hello = read_initialize_params(
      std::string(R"({"protocolVersion":"2025-06-18","capabilities":{"elicitation":{}},"clientInfo":{"name":"x"}})"));
  ASSERT_TRUE(hello);
  EXPECT_TRUE(hello->capabilities.elicitation_form);
  EXPECT_FALSE(hello->capabilities.sampling);
}

TEST(InitializeParams, ErrorsNameTheField) {
  EXPECT_NE(read_initialize_params(std::nullopt).error().find("params"), std::string::npos);
  EXPECT_NE(read_initialize_params(std::string(R"({"capabilities":{},"clientInfo":{"name":"x"}})"))
                .error()
                .find("params.protocolVersion"),
            std::string::npos);
  EXPECT_NE(read_initialize_params(std::string(R"({"protocolVersion":"2025-06-18","clientInfo":{"name":"x"}})"))
                .error()
                .find("params.capabilities"),
            std::string::npos);
  EXPECT_NE(read_initialize_params(std::string(R"({"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{}})"))
                .error()
                .find("params.clientInfo.name"),
            std::string::npos);
}

TEST(InitializeResult, ReadsTheServersAnswer) {
  auto hello = read_initialize_result(
      R"({"protocolVersion":"2025-03-26","capabilities":{"tools":{}},"serverInfo":{"name":"s","version":"1"},"instructions":"hi"})");
  ASSERT_TRUE(hello) << hello.error();
  EXPECT_EQ(hello->revision, Revision::v2025_03_26);
  EXPECT_EQ(hello->capabilities_json, R"({"tools":{}})");
  EXPECT_EQ(hello->instructions, "hi");
  auto unknown = read_initialize_result(R"({"protocolVersion":"2099-01-01","capabilities":{}})");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().find("2099-01-01"), std::string::npos);
}

TEST(LoggingLevel, OrdersTheRfc5424Severities) {
  EXPECT_EQ(logging_severity("debug"), 0);
  EXPECT_EQ(logging_severity("warning"), 3);
  EXPECT_EQ(logging_severity("emergency"), 7);
  EXPECT_FALSE(logging_severity("warn"));
  EXPECT_FALSE(logging_severity(""));
}

TEST(Params, AbsentParamsReadAsAnEmptyObject) {
  EXPECT_TRUE(params_object(std::nullopt)->empty());
  EXPECT_FALSE(params_object(std::string("[1]")));
  auto object = params_object(std::string(R"({"name":"t","n":1})"));
  ASSERT_TRUE(object);
  EXPECT_EQ(string_member(*object, "name"), "t");
  EXPECT_FALSE(string_member(*object, "n"));
  EXPECT_FALSE(string_member(*object, "missing"));
}

}  // namespace
}  // namespace toolgate::mcp
