// Upstream base_url checks: http(s) only, a host, no credentials, query or fragment.
#include "config/base_url.hpp"

#include <gtest/gtest.h>

namespace toolgate::config {
namespace {

TEST(BaseUrl, AcceptsAndNormalises) {
  EXPECT_EQ(check_base_url("https://api.z.ai/api/paas/v4/").url, "https://api.z.ai/api/paas/v4");
  EXPECT_EQ(check_base_url("http://10.0.0.5:8000/v1").url, "http://10.0.0.5:8000/v1");
  EXPECT_EQ(check_base_url("HTTPS://Example.COM").url, "HTTPS://Example.COM");
  EXPECT_EQ(check_base_url("http://[::1]:8000/v1").url, "http://[::1]:8000/v1");
  EXPECT_EQ(check_base_url("http://localhost//").url, "http://localhost");
}

TEST(BaseUrl, Rejects) {
  for (const char* bad : {"ftp://x.example", "x.example/v1", "https://", "https:///v1", "https://u:p@x.example",
                          "https://token@x.example/v1", "https://x.example/v1?key=1", "https://x.example/#frag",
                          "https://x.example:0/v1", "https://x.example:99999", "https://x.example:port",
                          "https://x example/v1", "https://x.example/v1\n", "https://bad!host/v1"}) {
    EXPECT_FALSE(check_base_url(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace toolgate::config
