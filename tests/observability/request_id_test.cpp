#include "observability/request_id.hpp"

#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace toolgate::observability {
namespace {

// "req_" + 32 lower-case hex digits. (No std::regex: GCC 12 -Werror trips on it under ASan.)
bool has_request_id_shape(const std::string& id) {
  if (id.size() != 36 || id.rfind("req_", 0) != 0) return false;
  for (std::size_t i = 4; i < id.size(); ++i) {
    const char c = id[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

TEST(RequestId, GeneratedIdsAreWellFormedAndAcceptable) {
  for (int i = 0; i < 100; ++i) {
    const std::string id = new_request_id();
    EXPECT_TRUE(has_request_id_shape(id)) << id;
    EXPECT_TRUE(is_acceptable_request_id(id)) << id;
  }
}

TEST(RequestId, IdsAreUniqueAcrossThreads) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 5000;
  std::mutex mutex;
  std::set<std::string> ids;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      std::vector<std::string> local;
      for (int i = 0; i < kPerThread; ++i) local.push_back(new_request_id());
      const std::lock_guard lock(mutex);
      ids.insert(local.begin(), local.end());
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kThreads * kPerThread));
}

TEST(RequestId, AcceptsOnlyShortPlainIds) {
  EXPECT_TRUE(is_acceptable_request_id("a"));
  EXPECT_TRUE(is_acceptable_request_id("3f2a-9c.01_x:y"));
  EXPECT_TRUE(is_acceptable_request_id("550e8400-e29b-41d4-a716-446655440000"));
  EXPECT_TRUE(is_acceptable_request_id(std::string(128, 'x')));

  EXPECT_FALSE(is_acceptable_request_id(""));
  EXPECT_FALSE(is_acceptable_request_id(std::string(129, 'x')));
  EXPECT_FALSE(is_acceptable_request_id("has space"));
  EXPECT_FALSE(is_acceptable_request_id("new\nline"));
  EXPECT_FALSE(is_acceptable_request_id("quote\""));
  EXPECT_FALSE(is_acceptable_request_id("slash/"));
  EXPECT_FALSE(is_acceptable_request_id("caf\xC3\xA9"));
  EXPECT_FALSE(is_acceptable_request_id(std::string("nul\0", 4)));
}

}  // namespace
}  // namespace toolgate::observability
