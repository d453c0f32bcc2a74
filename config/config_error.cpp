#include "config/config_error.hpp"

namespace toolgate::config {

std::string ConfigError::to_string() const {
  std::string out = source.empty() ? std::string("<config>") : source;
  if (line > 0) {
    out += ':' + std::to_string(line) + ':' + std::to_string(column);
  }
  out += ": ";
  if (!path.empty()) {
    out += path + ": ";
  }
  out += message;
  return out;
}

}  // namespace toolgate::config
