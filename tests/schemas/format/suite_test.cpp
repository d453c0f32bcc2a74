// Runs the official JSON-Schema-Test-Suite format files (optional/format, draft2020-12 and draft7)
// with format assertion on: each case's schema is {"format": X}, non-string instances always pass.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "schemas/format/format.hpp"

namespace toolgate::schemas {
namespace {

const std::filesystem::path suite_root =
    std::filesystem::path(TOOLGATE_SOURCE_DIR) / ".." / "shared" / "testdata" / "json-schema-test-suite" / "tests";

struct FileResult {
  std::string name;
  int passed = 0;
  int failed = 0;
};

bool expected_outcome(std::string_view format_name, simdjson::dom::element data) {
  std::string_view text;
  if (data.get_string().get(text) != simdjson::SUCCESS) return true;
  const auto format = format_from_name(format_name);
  return !format || check_format(*format, text);
}

void run_file(const std::filesystem::path& path, const std::string& label, FileResult& result,
              std::set<std::string>& failures) {
  simdjson::dom::parser parser;
  simdjson::dom::array cases;
  ASSERT_EQ(parser.load(path.string()).get_array().get(cases), simdjson::SUCCESS) << path;
  for (simdjson::dom::element test_case : cases) {
    std::string_view format_name;
    std::string_view case_description;
    ASSERT_EQ(test_case["schema"]["format"].get_string().get(format_name), simdjson::SUCCESS) << path;
    ASSERT_EQ(test_case["description"].get_string().get(case_description), simdjson::SUCCESS) << path;
    simdjson::dom::array tests;
    ASSERT_EQ(test_case["tests"].get_array().get(tests), simdjson::SUCCESS) << path;
    for (simdjson::dom::element test : tests) {
      std::string_view description;
      bool valid = false;
      ASSERT_EQ(test["description"].get_string().get(description), simdjson::SUCCESS) << path;
      ASSERT_EQ(test["valid"].get_bool().get(valid), simdjson::SUCCESS) << path;
      if (expected_outcome(format_name, test["data"]) == valid) {
        ++result.passed;
      } else {
        ++result.failed;
        failures.insert(label + ": " + std::string(case_description) + " / " + std::string(description));
      }
    }
  }
}

TEST(FormatSuiteTest, MatchesOfficialSuite) {
  std::vector<FileResult> results;
  std::set<std::string> failures;
  for (const char* draft : {"draft2020-12", "draft7"}) {
    const auto folder = suite_root / draft / "optional" / "format";
    ASSERT_TRUE(std::filesystem::is_directory(folder)) << folder;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
      if (entry.path().extension() == ".json") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      FileResult result{std::string(draft) + "/" + file.filename().string()};
      run_file(file, result.name, result, failures);
      results.push_back(result);
    }
  }

  int passed = 0;
  int failed = 0;
  std::printf("%-44s %7s %7s\n", "file", "passed", "failed");
  for (const FileResult& result : results) {
    std::printf("%-44s %7d %7d\n", result.name.c_str(), result.passed, result.failed);
    passed += result.passed;
    failed += result.failed;
  }
  std::printf("%-44s %7d %7d\n", "total", passed, failed);

  // Every file passes in full, idn-hostname and idn-email included, so no failure is tolerated.
  for (const std::string& failure : failures) ADD_FAILURE() << "failed: " << failure;
}

}  // namespace
}  // namespace toolgate::schemas
