// Error table tests: body shape (null param/code), constructors and the backend-error mapping.
#include "gateway/openai/api_error.hpp"

#include <gtest/gtest.h>

namespace toolgate::gateway::openai {
namespace {

TEST(ApiError, BodyWithNulls) {
  ApiError e;
  e.message = "bad \"thing\"";
  EXPECT_EQ(error_body(e),
            R"({"error":{"message":"bad \"thing\"","type":"invalid_request_error","param":null,"code":null}})");
}

TEST(ApiError, InvalidRequest) {
  const ApiError e = invalid_request("messages[2].tool_calls[0].function.name", "nope");
  EXPECT_EQ(e.status, 400u);
  EXPECT_EQ(error_body(e),
            R"({"error":{"message":"nope","type":"invalid_request_error","param":"messages[2].tool_calls[0].function.name","code":"invalid_value"}})");
  EXPECT_EQ(invalid_request("x", "m", "missing_required_field").code, "missing_required_field");
}

TEST(ApiError, ModelNotFound) {
  const ApiError e = model_not_found("glm-9");
  EXPECT_EQ(e.status, 404u);
  EXPECT_EQ(error_body(e),
            R"({"error":{"message":"The model `glm-9` does not exist.","type":"invalid_request_error","param":"model","code":"model_not_found"}})");
}

TEST(ApiError, BackendErrorTable) {
  using backend::ErrorKind;
  struct Row {
    ErrorKind kind;
    unsigned status;
    const char* type;
    const char* code;
  };
  const Row rows[] = {
      {ErrorKind::invalid_request, 400, "invalid_request_error", ""},
      {ErrorKind::rate_limited, 429, "rate_limit_error", "rate_limit_exceeded"},
      {ErrorKind::upstream_error, 502, "api_error", "upstream_error"},
      {ErrorKind::upstream_timeout, 504, "api_error", "upstream_timeout"},
      {ErrorKind::unavailable, 503, "server_error", "service_unavailable"},
      {ErrorKind::internal, 500, "server_error", ""},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(r.status);
    const ApiError e = from_backend_error(backend::Error{r.kind, "", "", ""});
    EXPECT_EQ(e.status, r.status);
    EXPECT_EQ(e.type, r.type);
    EXPECT_EQ(e.code, r.code);
    EXPECT_FALSE(e.message.empty()) << "a default message replaces an empty one";
  }
}

TEST(ApiError, BackendDetailsAreKept) {
  const ApiError e = from_backend_error(
      backend::Error{backend::ErrorKind::invalid_request, "context too long", "messages", "context_length_exceeded"});
  EXPECT_EQ(e.status, 400u);
  EXPECT_EQ(e.message, "context too long");
  EXPECT_EQ(e.param, "messages");
  EXPECT_EQ(e.code, "context_length_exceeded");
}

}  // namespace
}  // namespace toolgate::gateway::openai
