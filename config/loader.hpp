// Loads and validates the YAML config file into the immutable Config tree.
// Every problem is reported (path, line, column, message) and a Config comes back only when there are none.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "config/config_error.hpp"
#include "config/listen_address.hpp"  // is_loopback_host, used by main() for its bind warning

namespace toolgate::config {

struct LoadResult {
  std::optional<Config> config;     // set exactly when errors is empty
  std::vector<ConfigError> errors;  // all errors found, in document order per section
};

LoadResult load_config_file(const std::string& path);
LoadResult load_config_string(std::string_view yaml, std::string source_name = "<string>");

}  // namespace toolgate::config
