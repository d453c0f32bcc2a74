#include "observability/logger.hpp"

#include <sys/uio.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <string>
#include <utility>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include "observability/utf8.hpp"

namespace toolgate::observability {

namespace {

std::atomic<LogLevel> g_level{LogLevel::info};

// One mutex orders whole lines: sinks see complete lines, never interleaved fragments.
std::mutex g_sink_mutex;
std::function<void(std::string_view)> g_sink;

void write_all(int fd, std::string_view line) {
  std::array<iovec, 2> parts{{
      {const_cast<char*>(line.data()), line.size()},
      {const_cast<char*>("\n"), 1},
  }};
  int first = 0;
  while (first < 2) {
    const ssize_t n = ::writev(fd, parts.data() + first, 2 - first);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // stderr is gone; nothing sensible is left to report the failure to.
    }
    auto left = static_cast<std::size_t>(n);
    while (first < 2 && left >= parts[static_cast<std::size_t>(first)].iov_len) {
      left -= parts[static_cast<std::size_t>(first)].iov_len;
      ++first;
    }
    if (first < 2) {
      auto& part = parts[static_cast<std::size_t>(first)];
      part.iov_base = static_cast<char*>(part.iov_base) + left;
      part.iov_len -= left;
    }
  }
}

// RFC 3339 UTC with milliseconds, e.g. 2026-11-23T12:00:00.123Z.
std::string_view format_timestamp(std::array<char, 32>& buffer) {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
  const std::time_t seconds = static_cast<std::time_t>(ms.count() / 1000);
  const int millis = static_cast<int>(ms.count() % 1000);
  std::tm utc{};
  ::gmtime_r(&seconds, &utc);
  const int n = std::snprintf(buffer.data(), buffer.size(), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                              utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour,
                              utc.tm_min, utc.tm_sec, millis);
  return {buffer.data(), n > 0 ? static_cast<std::size_t>(n) : 0};
}

boost::json::string json_text(std::string_view text, const boost::json::storage_ptr& storage) {
  if (is_valid_utf8(text)) return boost::json::string(text, storage);
  std::string repaired;
  append_utf8_repaired(repaired, text);
  return boost::json::string(repaired, storage);
}

struct FieldValue {
  const boost::json::storage_ptr& storage;
  boost::json::value operator()(std::string_view v) const {
    return boost::json::value(json_text(v, storage));
  }
  boost::json::value operator()(std::int64_t v) const { return boost::json::value(v, storage); }
  boost::json::value operator()(std::uint64_t v) const { return boost::json::value(v, storage); }
  boost::json::value operator()(double v) const {
    if (!std::isfinite(v)) return boost::json::value(nullptr, storage);
    return boost::json::value(v, storage);
  }
  boost::json::value operator()(bool v) const { return boost::json::value(v, storage); }
};

std::string format_line(LogLevel level, std::string_view msg,
                        std::initializer_list<LogField> fields) {
  // Most lines fit this buffer, so formatting one allocates only the output string.
  std::array<unsigned char, 2048> arena;
  boost::json::monotonic_resource resource(arena.data(), arena.size());
  const boost::json::storage_ptr storage(&resource);

  boost::json::object line(storage);
  line.reserve(3 + fields.size());
  std::array<char, 32> ts_buffer{};
  line.emplace("ts", boost::json::string(format_timestamp(ts_buffer), storage));
  line.emplace("level", boost::json::string(to_string(level), storage));
  line.emplace("msg", json_text(msg, storage));
  for (const LogField& field : fields) {
    const std::string_view key = field.key;
    if (!is_valid_utf8(key)) {
      std::string repaired;
      append_utf8_repaired(repaired, key);
      line.emplace(repaired, std::visit(FieldValue{storage}, field.value));
    } else {
      line.emplace(key, std::visit(FieldValue{storage}, field.value));
    }
  }
  return boost::json::serialize(line);
}

}  // namespace

std::optional<LogLevel> parse_log_level(std::string_view text) {
  if (text == "debug") return LogLevel::debug;
  if (text == "info") return LogLevel::info;
  if (text == "warn" || text == "warning") return LogLevel::warn;
  if (text == "error") return LogLevel::error;
  return std::nullopt;
}

std::string_view to_string(LogLevel level) {
  switch (level) {
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warn: return "warn";
    case LogLevel::error: return "error";
  }
  return "info";
}

void set_log_level(LogLevel level) { g_level.store(level, std::memory_order_relaxed); }

LogLevel log_level() { return g_level.load(std::memory_order_relaxed); }

bool log_enabled(LogLevel level) {
  return static_cast<int>(level) >= static_cast<int>(g_level.load(std::memory_order_relaxed));
}

void set_log_sink(std::function<void(std::string_view line)> sink) {
  const std::lock_guard lock(g_sink_mutex);
  g_sink = std::move(sink);
}

void log(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields) {
  if (!log_enabled(level)) return;
  const std::string line = format_line(level, msg, fields);
  const std::lock_guard lock(g_sink_mutex);
  if (g_sink) {
    g_sink(line);
  } else {
    write_all(STDERR_FILENO, line);
  }
}

}  // namespace toolgate::observability
