// server.listen parsing and the loopback classification that gates unauthenticated remote binds.
#include "config/listen_address.hpp"

#include <gtest/gtest.h>

namespace toolgate::config {
namespace {

TEST(ListenAddress, ParsesHostAndPort) {
  const auto v4 = parse_listen_address("127.0.0.1:8080");
  ASSERT_TRUE(v4.ok()) << v4.error;
  EXPECT_EQ(v4.address.host, "127.0.0.1");
  EXPECT_EQ(v4.address.port, 8080);

  const auto v6 = parse_listen_address("[::1]:0");
  ASSERT_TRUE(v6.ok()) << v6.error;
  EXPECT_EQ(v6.address.host, "::1");
  EXPECT_EQ(v6.address.port, 0);

  const auto name = parse_listen_address("gw-1.internal:65535");
  ASSERT_TRUE(name.ok()) << name.error;
  EXPECT_EQ(name.address.host, "gw-1.internal");
  EXPECT_EQ(name.address.port, 65535);
}

TEST(ListenAddress, RejectsMalformed) {
  for (const char* bad : {"", "8080", "127.0.0.1", "127.0.0.1:", ":8080", "127.0.0.1:65536", "127.0.0.1:-1",
                          "127.0.0.1:80a", "::1:8080", "[::1]8080", "[::1]", "[nothost]:80", "127.0.0.256:80",
                          "127.1:80", "bad_host:80", "-lead.example:80", "a..b:80", "host name:80"}) {
    EXPECT_FALSE(parse_listen_address(bad).ok()) << bad;
  }
}

TEST(ListenAddress, ClassifiesLoopback) {
  for (const char* host :
       {"127.0.0.1", "127.255.0.9", "::1", "0:0:0:0:0:0:0:1", "localhost", "LocalHost", "::ffff:127.0.0.1"}) {
    EXPECT_TRUE(is_loopback_host(host)) << host;
  }
  for (const char* host :
       {"0.0.0.0", "::", "10.0.0.1", "128.0.0.1", "::2", "example.com", "localhost.evil.com", "::ffff:10.0.0.1"}) {
    EXPECT_FALSE(is_loopback_host(host)) << host;
  }
}

}  // namespace
}  // namespace toolgate::config
