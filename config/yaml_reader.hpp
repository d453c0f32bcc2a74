// Typed, error-collecting reads of yaml-cpp nodes; each problem becomes a ConfigError with YAML path and position.
// Section readers go through it so one load reports every problem instead of stopping at the first.
#pragma once

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_error.hpp"

namespace toolgate::config {

std::string child_path(std::string_view parent, std::string_view key);
std::string index_path(std::string_view parent, std::size_t index);

// Looks a key up in a mapping by its scalar text; an undefined node when absent or when `map` is not a mapping.
YAML::Node find_key(const YAML::Node& map, std::string_view key);

class YamlReader {
 public:
  explicit YamlReader(std::string source);

  void error(const YAML::Mark& at, std::string path, std::string message);
  void error(const YAML::Node& at, std::string path, std::string message);

  std::size_t error_count() const { return errors_.size(); }
  std::vector<ConfigError> take_errors() { return std::move(errors_); }

  // Checks that `node` is a mapping whose keys are in `known`, each once. Inline secrets (api_key, token, password,
  // secret) get their own error. A null node (a section left empty) passes. False when it is not a mapping.
  bool check_mapping(const YAML::Node& node, std::string_view path, std::initializer_list<std::string_view> known);

  // Reports a missing key at the mapping's position; true when present.
  bool require(const YAML::Node& map, std::string_view path, std::string_view key);

  // Scalar reads: nullopt after reporting why. Integers and booleans must be plain (unquoted) scalars.
  std::optional<std::uint64_t> read_uint(const YAML::Node& value, std::string_view path, std::uint64_t min,
                                         std::uint64_t max);
  std::optional<double> read_non_negative(const YAML::Node& value, std::string_view path);
  std::optional<bool> read_bool(const YAML::Node& value, std::string_view path);
  std::optional<std::string> read_string(const YAML::Node& value, std::string_view path);  // non-empty scalar

  // Field forms: read map[key] into `out` when present; `out` keeps its default when absent or invalid.
  template <class T>
  void uint_field(const YAML::Node& map, std::string_view path, std::string_view key, T& out, std::uint64_t min,
                  std::uint64_t max) {
    if (const auto node = find_key(map, key); node.IsDefined()) {
      if (const auto value = read_uint(node, child_path(path, key), min, max)) out = static_cast<T>(*value);
    }
  }
  void ms_field(const YAML::Node& map, std::string_view path, std::string_view key, std::chrono::milliseconds& out,
                std::uint64_t min_ms, std::uint64_t max_ms);
  void number_field(const YAML::Node& map, std::string_view path, std::string_view key, double& out);
  void bool_field(const YAML::Node& map, std::string_view path, std::string_view key, bool& out);
  void string_field(const YAML::Node& map, std::string_view path, std::string_view key, std::string& out);

 private:
  std::string source_;
  std::vector<ConfigError> errors_;
};

// Short description of what a node holds, for "expected X, got Y" messages.
std::string describe(const YAML::Node& node);

}  // namespace toolgate::config
