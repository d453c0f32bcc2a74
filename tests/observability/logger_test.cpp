#include "observability/logger.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <gtest/gtest.h>

namespace toolgate::observability {
namespace {

// YYYY-MM-DDTHH:MM:SS.mmmZ. (No std::regex: GCC 12 -Werror trips on it under ASan.)
bool has_timestamp_shape(std::string_view ts) {
  constexpr std::string_view kPattern = "dddd-dd-ddTdd:dd:dd.dddZ";
  if (ts.size() != kPattern.size()) return false;
  for (std::size_t i = 0; i < ts.size(); ++i) {
    const bool digit = ts[i] >= '0' && ts[i] <= '9';
    if (kPattern[i] == 'd' ? !digit : ts[i] != kPattern[i]) return false;
  }
  return true;
}

// Captures every line; resets the global logger state around each test.
class LoggerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    set_log_level(LogLevel::debug);
    set_log_sink([this](std::string_view line) { lines_.emplace_back(line); });
  }
  void TearDown() override {
    set_log_sink({});
    set_log_level(LogLevel::info);
  }

  // Parses with UTF-8 validation on, so an invalid byte in a line fails the test.
  boost::json::object parsed(std::size_t i) const {
    boost::system::error_code ec;
    boost::json::value value = boost::json::parse(lines_.at(i), ec);
    EXPECT_FALSE(ec) << ec.message() << " in: " << lines_.at(i);
    EXPECT_TRUE(value.is_object());
    return value.is_object() ? value.as_object() : boost::json::object{};
  }

  std::vector<std::string> lines_;
};

TEST_F(LoggerTest, WritesOneJsonObjectPerLineWithTimestampLevelMessageAndFields) {
  log_info("request done", {{"request_id", "req_1"},
                            {"status", std::int64_t{200}},
                            {"bytes", std::uint64_t{18446744073709551615ULL}},
                            {"seconds", 0.25},
                            {"stream", true}});
  ASSERT_EQ(lines_.size(), 1U);
  EXPECT_EQ(lines_[0].find('\n'), std::string::npos);
  const auto object = parsed(0);
  EXPECT_TRUE(has_timestamp_shape(object.at("ts").as_string())) << object.at("ts");
  EXPECT_EQ(object.at("level").as_string(), "info");
  EXPECT_EQ(object.at("msg").as_string(), "request done");
  EXPECT_EQ(object.at("request_id").as_string(), "req_1");
  EXPECT_EQ(object.at("status").as_int64(), 200);
  EXPECT_EQ(object.at("bytes").as_uint64(), 18446744073709551615ULL);
  EXPECT_DOUBLE_EQ(object.at("seconds").as_double(), 0.25);
  EXPECT_TRUE(object.at("stream").as_bool());
  // Key order is ts, level, msg, then fields as given.
  EXPECT_EQ(lines_[0].rfind(R"({"ts":")", 0), 0U);
  EXPECT_LT(lines_[0].find(R"("msg")"), lines_[0].find(R"("request_id")"));
}

TEST_F(LoggerTest, EscapesQuotesNewlinesAndControlCharacters) {
  const std::string nasty = std::string("say \"hi\"\\\nnext\tline\r") + '\x01' + '\x1f' + '\0' + "end";
  log_warn(nasty, {{"body", std::string_view(nasty)}});
  ASSERT_EQ(lines_.size(), 1U);
  EXPECT_EQ(lines_[0].find('\n'), std::string::npos);
  EXPECT_EQ(lines_[0].find('\x01'), std::string::npos);
  EXPECT_EQ(lines_[0].find('\0'), std::string::npos);
  const auto object = parsed(0);
  EXPECT_EQ(object.at("level").as_string(), "warn");
  EXPECT_EQ(object.at("msg").as_string(), nasty);
  EXPECT_EQ(object.at("body").as_string(), nasty);
}

TEST_F(LoggerTest, KeepsValidUtf8AndRepairsInvalidBytes) {
  log_error("résumé 日本語 🙂", {{"bad", "ok\xff\xfe" "end"}, {"cut", "\xE6\x97"}});
  ASSERT_EQ(lines_.size(), 1U);
  const auto object = parsed(0);
  EXPECT_EQ(object.at("msg").as_string(), "résumé 日本語 🙂");
  EXPECT_EQ(object.at("bad").as_string(), "ok\xEF\xBF\xBD\xEF\xBF\xBD" "end");
  EXPECT_EQ(object.at("cut").as_string(), "\xEF\xBF\xBD");
}

TEST_F(LoggerTest, NonFiniteDoublesBecomeNull) {
  log_info("x", {{"nan", std::numeric_limits<double>::quiet_NaN()},
                 {"inf", std::numeric_limits<double>::infinity()}});
  const auto object = parsed(0);
  EXPECT_TRUE(object.at("nan").is_null());
  EXPECT_TRUE(object.at("inf").is_null());
}

TEST_F(LoggerTest, RepeatedKeysKeepTheFirst) {
  log_info("real", {{"msg", "spoofed"}, {"k", std::int64_t{1}}, {"k", std::int64_t{2}}});
  const auto object = parsed(0);
  EXPECT_EQ(object.at("msg").as_string(), "real");
  EXPECT_EQ(object.at("k").as_int64(), 1);
  EXPECT_EQ(object.size(), 4U);
}

TEST_F(LoggerTest, FiltersBelowTheConfiguredLevel) {
  set_log_level(LogLevel::warn);
  log_debug("d");
  log_info("i");
  log_warn("w");
  log_error("e");
  ASSERT_EQ(lines_.size(), 2U);
  EXPECT_EQ(parsed(0).at("msg").as_string(), "w");
  EXPECT_EQ(parsed(1).at("level").as_string(), "error");
  EXPECT_FALSE(log_enabled(LogLevel::info));
  EXPECT_TRUE(log_enabled(LogLevel::error));

  set_log_level(LogLevel::debug);
  log_debug("d2");
  ASSERT_EQ(lines_.size(), 3U);
  EXPECT_EQ(parsed(2).at("level").as_string(), "debug");
}

TEST_F(LoggerTest, ConcurrentWritersProduceWholeLines) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 500;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t] {
      for (int i = 0; i < kPerThread; ++i) {
        log_info("tick", {{"thread", std::int64_t{t}}, {"i", std::int64_t{i}}});
      }
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_EQ(lines_.size(), static_cast<std::size_t>(kThreads * kPerThread));
  for (std::size_t i = 0; i < lines_.size(); ++i) {
    EXPECT_EQ(parsed(i).at("msg").as_string(), "tick");
  }
}

TEST(LogLevel, ParsesKnownNamesOnly) {
  EXPECT_EQ(parse_log_level("debug"), LogLevel::debug);
  EXPECT_EQ(parse_log_level("info"), LogLevel::info);
  EXPECT_EQ(parse_log_level("warn"), LogLevel::warn);
  EXPECT_EQ(parse_log_level("warning"), LogLevel::warn);
  EXPECT_EQ(parse_log_level("error"), LogLevel::error);
  EXPECT_EQ(parse_log_level("INFO"), std::nullopt);
  EXPECT_EQ(parse_log_level(""), std::nullopt);
  EXPECT_EQ(parse_log_level("trace"), std::nullopt);
  EXPECT_EQ(to_string(LogLevel::warn), "warn");
}

}  // namespace
}  // namespace toolgate::observability
