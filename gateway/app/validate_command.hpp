// `toolgate validate`: checks JSON instances (files, or JSON Lines on stdin) against a JSON Schema.
// Streams in, exit status out, so tests drive it with string streams instead of a process.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "schemas/validator/dialect.hpp"

namespace toolgate::gateway::app {

// Where a `--ref URI_PREFIX=DIR` sends remote references.
struct RefMapping {
  std::string uri_prefix;
  std::string directory;
};

struct ValidateCommand {
  std::string schema_path;
  std::optional<schemas::Dialect> dialect;  // when the schema has no `$schema`; 2020-12 otherwise
  bool assert_formats = false;
  std::vector<RefMapping> refs;
  std::vector<std::string> instance_paths;  // empty: JSON Lines from `in`
};

// Exit status of `toolgate validate`.
enum class ValidateStatus : int { all_valid = 0, some_invalid = 1, error = 2 };

// Prints one line per instance to `out` and diagnostics to `err`. Reads `in` only without instance
// paths. Instances that are unparsable count as invalid; a bad schema, a bad `--ref` directory or an
// unreadable file is an error.
ValidateStatus run_validate(const ValidateCommand& command, std::istream& in, std::ostream& out,
                            std::ostream& err);

}  // namespace toolgate::gateway::app
