// One problem found while loading a config file: where it is (YAML path, line, column) and what is wrong.
// Loading collects every such problem so an operator fixes the file in one pass.
#pragma once

#include <string>

namespace toolgate::config {

struct ConfigError {
  std::string path;  // YAML path, e.g. "models[0].routes.high"; empty for the whole document
  int line = 0;      // 1-based; 0 when no position is known (unreadable file, empty document)
  int column = 0;    // 1-based
  std::string message;
  std::string source;  // file name or "<string>"; added so to_string can print the usual file:line:col prefix

  // "file:line:col: models[0].routes.high: unknown backend 'zai'"
  std::string to_string() const;
};

}  // namespace toolgate::config
