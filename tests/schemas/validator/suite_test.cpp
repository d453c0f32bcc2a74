// The official JSON-Schema-Test-Suite (../shared/testdata, by relative path). Required groups must
// pass completely. The optional and format groups pass completely too, so they are held to that;
// every group prints its per-file table (visible with ctest -V or when a test fails).
#include <gtest/gtest.h>

#include <iostream>

#include "suite_runner.hpp"

namespace toolgate::schemas::testing {
namespace {

std::vector<FileOutcome> run_folder(const std::string& draft, const std::string& group, Dialect dialect,
                                    bool formats) {
  const auto registry = suite_registry();
  std::vector<FileOutcome> outcomes;
  const auto folder = suite_root() / "tests" / draft / group;
  for (const auto& file : suite_files(folder)) {
    std::string name = (group.empty() ? "" : group + "/") + file.filename().string();
    outcomes.push_back(run_suite_file(file, name, dialect, formats, registry));
  }
  return outcomes;
}

void expect_all_pass(const std::vector<FileOutcome>& outcomes, const std::string& title) {
  std::cout << title << "\n" << format_table(outcomes);
  EXPECT_FALSE(outcomes.empty());
  for (const auto& o : outcomes) {
    for (const auto& f : o.failures) ADD_FAILURE() << f;
  }
}

TEST(JsonSchemaSuite, Draft2020_12Required) {
  expect_all_pass(run_folder("draft2020-12", "", Dialect::draft2020_12, false), "draft2020-12 required");
}

TEST(JsonSchemaSuite, Draft7Required) {
  expect_all_pass(run_folder("draft7", "", Dialect::draft7, false), "draft7 required");
}

TEST(JsonSchemaSuite, Draft2020_12Optional) {
  expect_all_pass(run_folder("draft2020-12", "optional", Dialect::draft2020_12, false), "draft2020-12 optional");
  expect_all_pass(run_folder("draft2020-12", "optional/format", Dialect::draft2020_12, true), "draft2020-12 format");
}

TEST(JsonSchemaSuite, Draft7Optional) {
  expect_all_pass(run_folder("draft7", "optional", Dialect::draft7, false), "draft7 optional");
  expect_all_pass(run_folder("draft7", "optional/format", Dialect::draft7, true), "draft7 format");
}

}  // namespace
}  // namespace toolgate::schemas::testing
