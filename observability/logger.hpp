// Structured logging: one JSON object per line on stderr, {"ts":…,"level":…,"msg":…, fields…}.
// Level check is one atomic load, so disabled levels cost nothing beyond building the field list.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <variant>

namespace toolgate::observability {

enum class LogLevel { debug, info, warn, error };

// "debug" | "info" | "warn" | "error" (also "warning"); anything else is nullopt.
std::optional<LogLevel> parse_log_level(std::string_view text);
std::string_view to_string(LogLevel level);

struct LogField {
  std::string_view key;
  std::variant<std::string_view, std::int64_t, std::uint64_t, double, bool> value;
};

// Messages below `level` are dropped. Default: info.
void set_log_level(LogLevel level);
LogLevel log_level();
bool log_enabled(LogLevel level);

// Receives each complete line without its trailing newline. Calls are serialised by the logger, so
// a sink needs no locking of its own, but it must not log. An empty function restores the default,
// which writes the line and its newline to stderr in one writev(2).
void set_log_sink(std::function<void(std::string_view line)> sink);

// Fields follow ts/level/msg in the given order; a field whose key repeats an earlier key is dropped.
// Strings are emitted as valid UTF-8 (invalid bytes become U+FFFD); non-finite doubles become null.
void log(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields = {});

inline void log_debug(std::string_view msg, std::initializer_list<LogField> fields = {}) {
  log(LogLevel::debug, msg, fields);
}
inline void log_info(std::string_view msg, std::initializer_list<LogField> fields = {}) {
  log(LogLevel::info, msg, fields);
}
inline void log_warn(std::string_view msg, std::initializer_list<LogField> fields = {}) {
  log(LogLevel::warn, msg, fields);
}
inline void log_error(std::string_view msg, std::initializer_list<LogField> fields = {}) {
  log(LogLevel::error, msg, fields);
}

}  // namespace toolgate::observability
