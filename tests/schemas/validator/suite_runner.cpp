#include "suite_runner.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <simdjson.h>

#include "schemas/json/json_parse.hpp"
#include "schemas/validator/dom_access.hpp"
#include "schemas/validator/schema.hpp"

namespace toolgate::schemas::testing {

std::filesystem::path suite_root() {
  return std::filesystem::path(TOOLGATE_SOURCE_DIR) / ".." / "shared" / "testdata" / "json-schema-test-suite";
}

SchemaRegistry suite_registry() {
  SchemaRegistry registry;
  registry.add_directory("http://localhost:1234/", suite_root() / "remotes");
  return registry;
}

std::vector<std::filesystem::path> suite_files(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

FileOutcome run_suite_file(const std::filesystem::path& file, const std::string& relative_name, Dialect dialect,
                           bool assert_formats, const SchemaRegistry& registry) {
  FileOutcome outcome{relative_name, 0, 0, {}};
  simdjson::dom::parser parser;
  simdjson::dom::element document;
  simdjson::dom::array cases;
  std::ifstream in(file, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (parse_json(parser, text, document) != simdjson::SUCCESS || document.get(cases) != simdjson::SUCCESS) {
    outcome.failed = 1;
    outcome.failures.push_back(relative_name + ": cannot read the file");
    return outcome;
  }
  CompileOptions options;
  options.default_dialect = dialect;
  options.assert_formats = assert_formats;
  options.registry = &registry;
  for (simdjson::dom::object test_case : cases) {
    std::string_view case_name = test_case["description"].get_string().value_unsafe();
    auto compiled = compile_schema(test_case["schema"].value_unsafe(), options);
    for (simdjson::dom::object test : array_of(test_case["tests"].value_unsafe())) {
      std::string_view test_name = test["description"].get_string().value_unsafe();
      bool expected = test["valid"].get_bool().value_unsafe();
      std::string where = relative_name + ": " + std::string(case_name) + " / " + std::string(test_name);
      if (!compiled) {
        ++outcome.failed;
        outcome.failures.push_back(where + " (schema rejected at " + compiled.error().schema_location + ": " +
                                   compiled.error().message + ")");
        continue;
      }
      // The test's data lives in the suite file's parser; validate it in place.
      simdjson::dom::element data = test["data"].value_unsafe();
      bool fast = (*compiled)->is_valid(data);
      ValidationResult explained = (*compiled)->validate(data);
      if (fast != explained.valid) {
        ++outcome.failed;
        outcome.failures.push_back(where + " (is_valid and validate disagree)");
      } else if (fast != expected) {
        ++outcome.failed;
        std::string why = expected ? "rejected a valid instance" : "accepted an invalid instance";
        if (!explained.errors.empty()) {
          const auto& e = explained.errors.front();
          why += ": " + e.keyword + " at \"" + e.instance_location + "\": " + e.message;
        }
        outcome.failures.push_back(where + " (" + why + ")");
      } else if (!expected && explained.errors.empty()) {
        ++outcome.failed;
        outcome.failures.push_back(where + " (invalid, but validate() gave no error)");
      } else {
        ++outcome.passed;
      }
    }
  }
  return outcome;
}

std::string format_table(const std::vector<FileOutcome>& outcomes) {
  std::ostringstream out;
  out << "| file | passed | failed |\n|---|---:|---:|\n";
  int passed = 0;
  int failed = 0;
  for (const auto& o : outcomes) {
    out << "| " << o.file << " | " << o.passed << " | " << o.failed << " |\n";
    passed += o.passed;
    failed += o.failed;
  }
  out << "| **total** | " << passed << " | " << failed << " |\n";
  return out.str();
}

}  // namespace toolgate::schemas::testing
