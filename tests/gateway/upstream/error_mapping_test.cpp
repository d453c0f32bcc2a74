#include "gateway/upstream/error_mapping.hpp"

#include <gtest/gtest.h>

namespace toolgate::gateway::upstream {
namespace {

using backend::ErrorKind;

TEST(ErrorMapping, OpenAiErrorDocument) {
  auto e = map_http_error("zai", 503, R"({"error":{"message":"Overloaded","type":"server_error","param":null,"code":"overloaded"}})");
  EXPECT_EQ(e.kind, ErrorKind::upstream_error);
  EXPECT_EQ(e.message, "upstream 'zai' returned 503: Overloaded");
  EXPECT_EQ(e.code, "overloaded");
  EXPECT_EQ(e.param, "");
}

TEST(ErrorMapping, StatusClasses) {
  EXPECT_EQ(map_http_error("u", 401, "").kind, ErrorKind::upstream_error);
  EXPECT_EQ(map_http_error("u", 403, "").kind, ErrorKind::upstream_error);
  EXPECT_EQ(map_http_error("u", 500, "").kind, ErrorKind::upstream_error);
  EXPECT_EQ(map_http_error("u", 502, "").kind, ErrorKind::upstream_error);
  EXPECT_EQ(map_http_error("u", 408, "").kind, ErrorKind::upstream_timeout);
  EXPECT_EQ(map_http_error("u", 504, "").kind, ErrorKind::upstream_timeout);
  EXPECT_EQ(map_http_error("u", 400, "").kind, ErrorKind::invalid_request);
  EXPECT_EQ(map_http_error("u", 413, "").kind, ErrorKind::invalid_request);
  EXPECT_EQ(map_http_error("u", 422, "").kind, ErrorKind::invalid_request);
  EXPECT_EQ(map_http_error("u", 429, "").kind, ErrorKind::rate_limited);
  EXPECT_EQ(map_http_error("u", 500, "").message, "upstream 'u' returned 500");
}

TEST(ErrorMapping, BadRequestKeepsParamAndNumericCode) {
  auto e = map_http_error("zai", 400, R"({"error":{"message":"Invalid tools","param":"tools","code":1214}})");
  EXPECT_EQ(e.kind, ErrorKind::invalid_request);
  EXPECT_EQ(e.param, "tools");
  EXPECT_EQ(e.code, "1214");
  EXPECT_EQ(e.message, "upstream 'zai' returned 400: Invalid tools");
}

TEST(ErrorMapping, VllmFlatAndFastApiAndPlainBodies) {
  EXPECT_EQ(map_http_error("v", 400, R"({"object":"error","message":"too long","code":400})").message,
            "upstream 'v' returned 400: too long");
  EXPECT_EQ(map_http_error("v", 404, R"({"detail":"Not Found"})").message,
            "upstream 'v' returned 404: Not Found");
  EXPECT_EQ(map_http_error("v", 502, "  Bad Gateway\r\n").message, "upstream 'v' returned 502: Bad Gateway");
}

TEST(ErrorMapping, RateLimitCarriesRetryAfter) {
  auto e = map_http_error("zai", 429, R"({"error":{"message":"slow down"}})", "20");
  EXPECT_EQ(e.code, "rate_limit_exceeded");
  EXPECT_EQ(e.message, "upstream 'zai' returned 429: slow down (retry after 20s)");
  auto kept = map_http_error("zai", 429, R"({"error":{"message":"busy","code":"1302"}})");
  EXPECT_EQ(kept.code, "1302");
  EXPECT_EQ(kept.message, "upstream 'zai' returned 429: busy");
}

TEST(ErrorMapping, LongBodiesAreTruncatedOnCharacterBoundaries) {
  std::string body(kMaxUpstreamMessage - 1, 'a');
  body += "\xC3\xA9\xC3\xA9";  // a two-byte character straddles the limit
  auto e = map_http_error("u", 500, body);
  const std::string prefix = "upstream 'u' returned 500: ";
  ASSERT_EQ(e.message.rfind(prefix, 0), 0u);
  EXPECT_EQ(e.message.substr(prefix.size()), std::string(kMaxUpstreamMessage - 1, 'a') + "...");
  EXPECT_EQ(truncate_utf8("short", 10), "short");
}

}  // namespace
}  // namespace toolgate::gateway::upstream
