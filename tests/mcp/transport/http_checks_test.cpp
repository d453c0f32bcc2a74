#include "mcp/transport/http_checks.hpp"

#include <gtest/gtest.h>

namespace toolgate::mcp {
namespace {

HttpRequestHeaders post() {
  HttpRequestHeaders r;
  r.method = "POST";
  r.accept = "application/json, text/event-stream";
  r.content_type = "application/json";
  r.host = "127.0.0.1:8080";
  return r;
}

unsigned status_of(const HttpRequestHeaders& r) {
  auto rejection = check_http_request(r);
  return rejection ? rejection->status : 0;
}

TEST(McpHttpChecksTest, AWellFormedSdkRequestPasses) {
  EXPECT_EQ(status_of(post()), 0u);
  auto r = post();
  r.accept = "text/event-stream;q=0.9 , APPLICATION/JSON";
  r.content_type = "application/json; charset=utf-8";
  r.origin = "http://localhost:6274";
  r.protocol_version = "2025-06-18";
  EXPECT_EQ(status_of(r), 0u);
  HttpRequestHeaders get;
  get.method = "GET";
  get.accept = "text/event-stream";
  EXPECT_EQ(status_of(get), 0u);
  HttpRequestHeaders del;
  del.method = "DELETE";
  EXPECT_EQ(status_of(del), 0u);
}

TEST(McpHttpChecksTest, StatusCodesTheSdkClientsExpect) {
  auto r = post();
  r.method = "PUT";
  auto put = check_http_request(r);
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 405u);
  ASSERT_EQ(put->headers.size(), 1u);
  EXPECT_EQ(put->headers[0].first, "Allow");

  r = post();
  r.accept = "application/json";
  EXPECT_EQ(status_of(r), 406u);
  r.accept = "*/*";
  EXPECT_EQ(status_of(r), 406u);
  r.accept.reset();
  EXPECT_EQ(status_of(r), 406u);

  r = post();
  r.content_type = "text/plain";
  EXPECT_EQ(status_of(r), 415u);
  r.content_type.reset();
  EXPECT_EQ(status_of(r), 415u);

  HttpRequestHeaders get;
  get.method = "GET";
  get.accept = "application/json";
  EXPECT_EQ(status_of(get), 406u);

  r = post();
  r.protocol_version = "2024-10-07";
  auto version = check_http_request(r);
  ASSERT_TRUE(version);
  EXPECT_EQ(version->status, 400u);
  EXPECT_NE(version->message.find("supported: 2024-11-05, 2025-03-26, 2025-06-18, 2025-11-25"), std::string::npos);
}

// The conformance suite's dns-rebinding scenario: a foreign Host and Origin are refused on a loopback
// bind, while localhost, 127.0.0.1 and [::1] are accepted.
TEST(McpHttpChecksTest, DnsRebindingProtectionOnLoopbackBinds) {
  auto r = post();
  r.host = "evil.example.com";
  r.origin = "http://evil.example.com";
  EXPECT_EQ(status_of(r), 403u);
  r = post();
  r.origin = "http://evil.example.com";
  EXPECT_EQ(status_of(r), 403u);
  r.origin = "null";
  EXPECT_EQ(status_of(r), 403u);
  for (const char* host : {"localhost", "localhost:3000", "127.0.0.1", "[::1]:8080", "LOCALHOST"}) {
    r = post();
    r.host = host;
    EXPECT_EQ(status_of(r), 0u) << host;
  }
  for (const char* origin : {"http://localhost:5173", "https://127.0.0.1", "http://[::1]:9000"}) {
    r = post();
    r.origin = origin;
    EXPECT_EQ(status_of(r), 0u) << origin;
  }
  r = post();
  r.loopback_bind = false;  // a public bind is guarded by authentication instead
  r.host = "gateway.example.com";
  r.origin = "https://app.example.com";
  EXPECT_EQ(status_of(r), 0u);
}

TEST(McpHttpChecksTest, RejectionBodyIsAJsonRpcErrorWithoutId) {
  EXPECT_EQ(rejection_body(HttpRejection{406, "Not Acceptable", {}}),
            R"({"jsonrpc":"2.0","error":{"code":-32000,"message":"Not Acceptable"}})");
}

}  // namespace
}  // namespace toolgate::mcp
