// Runs files of the official JSON-Schema-Test-Suite through the validator and tallies the verdicts,
// so the required groups can be asserted and the optional ones printed as a table.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "schemas/validator/dialect.hpp"
#include "schemas/validator/registry.hpp"

namespace toolgate::schemas::testing {

struct FileOutcome {
  std::string file;  // relative to the draft folder, e.g. "optional/format/email.json"
  int passed = 0;
  int failed = 0;
  std::vector<std::string> failures;  // "file: case description / test description (why)"
};

std::filesystem::path suite_root();

// The registry the suite's README asks for: http://localhost:1234/ -> remotes/.
SchemaRegistry suite_registry();

FileOutcome run_suite_file(const std::filesystem::path& file, const std::string& relative_name, Dialect dialect,
                           bool assert_formats, const SchemaRegistry& registry);

// Every .json directly in `folder` (not recursive), sorted.
std::vector<std::filesystem::path> suite_files(const std::filesystem::path& folder);

std::string format_table(const std::vector<FileOutcome>& outcomes);

}  // namespace toolgate::schemas::testing
