#include "net/url.hpp"

#include <gtest/gtest.h>

namespace toolgate::net {
namespace {

TEST(ParseUrl, HttpsWithPathDefaultsThePort) {
  auto url = parse_url("HTTPS://API.Example.com/v1/");
  ASSERT_TRUE(url) << url.error().message();
  EXPECT_EQ(url->scheme, "https");
  EXPECT_EQ(url->host, "api.example.com");
  EXPECT_EQ(url->port, "443");
  EXPECT_EQ(url->path, "/v1");
  EXPECT_TRUE(url->tls());
  EXPECT_EQ(url->authority(), "api.example.com");
}

TEST(ParseUrl, HttpWithPortQueryAndRoot) {
  auto url = parse_url("http://127.0.0.1:9000/mcp?key=a%20b");
  ASSERT_TRUE(url);
  EXPECT_FALSE(url->tls());
  EXPECT_EQ(url->host, "127.0.0.1");
  EXPECT_EQ(url->port, "9000");
  EXPECT_EQ(url->path, "/mcp");
  EXPECT_EQ(url->query, "key=a%20b");
  EXPECT_EQ(url->authority(), "127.0.0.1:9000");

  auto root = parse_url("http://localhost");
  ASSERT_TRUE(root);
  EXPECT_EQ(root->path, "");
  EXPECT_EQ(root->port, "80");
}

TEST(ParseUrl, Ipv6HostHasNoBracketsButAuthorityDoes) {
  auto url = parse_url("http://[::1]:8080/v1");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->authority(), "[::1]:8080");
}

TEST(ParseUrl, RejectsWhatTheClientCannotUse) {
  EXPECT_EQ(parse_url("ftp://host/x").error(), UrlErrc::unsupported_scheme);
  EXPECT_EQ(parse_url("file:///etc/passwd").error(), UrlErrc::unsupported_scheme);
  EXPECT_EQ(parse_url("https://user:pw@host/").error(), UrlErrc::userinfo_not_allowed);
  EXPECT_EQ(parse_url("http://host:0/").error(), UrlErrc::bad_port);
  EXPECT_EQ(parse_url("http://host:65536/").error(), UrlErrc::bad_port);
  EXPECT_EQ(parse_url("http://host:/").error(), UrlErrc::bad_port);
  EXPECT_EQ(parse_url("http:///path").error(), UrlErrc::missing_host);
  EXPECT_EQ(parse_url("http://host/#frag").error(), UrlErrc::fragment_not_allowed);
  EXPECT_EQ(parse_url("not a url").error(), UrlErrc::invalid);
  EXPECT_EQ(parse_url("/relative/path").error(), UrlErrc::invalid);
  EXPECT_NE(parse_url("https://user@host/").error().message().find("user info"), std::string::npos);
}

}  // namespace
}  // namespace toolgate::net
