#include "gateway/app/validate_command.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace toolgate::gateway::app {
namespace {

namespace fs = std::filesystem;

const std::string kRemotes = std::string(TOOLGATE_SOURCE_DIR) + "/../shared/testdata/json-schema-test-suite/remotes";

// Each test process writes under its own directory and removes it when it exits.
const fs::path& temp_dir() {
  static const struct Dir {
    fs::path path = fs::path(::testing::TempDir()) / ("toolgate_validate_test_" + std::to_string(::getpid()));
    Dir() { fs::create_directories(path); }
    ~Dir() {
      std::error_code ec;
      fs::remove_all(path, ec);
    }
  } dir;
  return dir.path;
}

// A fresh file per call, so tests never see each other's schemas or instances.
std::string write_temp(std::string_view text) {
  static int counter = 0;
  const fs::path path = temp_dir() / (std::to_string(counter++) + ".json");
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

struct Run {
  ValidateStatus status;
  std::string out;
  std::string err;
};

Run run(ValidateCommand command, std::string_view stdin_text = "") {
  std::istringstream in{std::string(stdin_text)};
  std::ostringstream out;
  std::ostringstream err;
  const ValidateStatus status = run_validate(command, in, out, err);
  return {status, out.str(), err.str()};
}

ValidateCommand with_schema(std::string_view schema_json) {
  ValidateCommand command;
  command.schema_path = write_temp(schema_json);
  return command;
}

constexpr std::string_view kOrders =
    R"({"type":"object","properties":{"a":{"type":"array","items":{"type":"object","required":["b"]}}}})";

TEST(ValidateCommand, JsonLinesFromStdinOneVerdictPerInstance) {
  auto r = run(with_schema(kOrders), "{\"a\":[{\"b\":1}]}\n{\"a\":[{\"b\":1},{\"c\":2}]}\n\n  \n[]\n");
  EXPECT_EQ(r.status, ValidateStatus::some_invalid);
  std::istringstream lines(r.out);
  std::string line;
  ASSERT_TRUE(std::getline(lines, line));
  EXPECT_EQ(line, "valid");
  ASSERT_TRUE(std::getline(lines, line));
  EXPECT_TRUE(line.starts_with("invalid \"/a/1\" required ")) << line;
  EXPECT_NE(line.find('b'), std::string::npos) << line;
  ASSERT_TRUE(std::getline(lines, line));
  EXPECT_TRUE(line.starts_with("invalid \"\" type ")) << line;
  EXPECT_FALSE(std::getline(lines, line)) << "blank lines are not instances: " << line;
  EXPECT_EQ(r.err, "");
}

TEST(ValidateCommand, AllValidExitsZero) {
  auto r = run(with_schema(kOrders), "{}\n{\"a\":[]}\r\n{\"a\":[{\"b\":null}]}");
  EXPECT_EQ(r.status, ValidateStatus::all_valid);
  EXPECT_EQ(r.out, "valid\nvalid\nvalid\n");
  EXPECT_EQ(static_cast<int>(r.status), 0);
}

TEST(ValidateCommand, PointerIsAJsonStringEvenWithSpacesAndQuotes) {
  auto r = run(with_schema(R"({"additionalProperties":{"type":"integer"}})"), "{\"a b\\\"c\":\"x\"}\n");
  EXPECT_EQ(r.status, ValidateStatus::some_invalid);
  EXPECT_TRUE(r.out.starts_with(R"(invalid "/a b\"c" type )")) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1);
}

TEST(ValidateCommand, UnparsableLineIsNamedAndInvalid) {
  auto r = run(with_schema("{}"), "1\n{\"a\":\n2\n");
  EXPECT_EQ(r.status, ValidateStatus::some_invalid);
  std::istringstream lines(r.out);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "valid");
  std::getline(lines, line);
  EXPECT_TRUE(line.starts_with("unparsable line 2: ")) << line;
  std::getline(lines, line);
  EXPECT_EQ(line, "valid");
}

TEST(ValidateCommand, InstanceFilesArePrefixedWithTheirName) {
  ValidateCommand command = with_schema(kOrders);
  const std::string good = write_temp(R"({"a":[{"b":true}]})");
  const std::string bad = write_temp(R"({"a":[{}]})");
  const std::string broken = write_temp("[1,");
  command.instance_paths = {good, bad};
  auto r = run(command, "ignored: instances come from the files");
  EXPECT_EQ(r.status, ValidateStatus::some_invalid);
  EXPECT_TRUE(r.out.starts_with(good + ": valid\n" + bad + ": invalid \"/a/0\" required ")) << r.out;

  command.instance_paths = {good, broken};
  r = run(command);
  EXPECT_EQ(r.status, ValidateStatus::some_invalid);
  EXPECT_NE(r.out.find(broken + ": unparsable: "), std::string::npos) << r.out;

  command.instance_paths = {good};
  EXPECT_EQ(run(command).status, ValidateStatus::all_valid);
}

TEST(ValidateCommand, UnreadableInstanceFileIsAnError) {
  ValidateCommand command = with_schema("{}");
  const std::string good = write_temp("1");
  command.instance_paths = {good + ".missing", good};
  auto r = run(command);
  EXPECT_EQ(r.status, ValidateStatus::error);
  EXPECT_TRUE(r.out.starts_with(good + ".missing: unreadable: ")) << r.out;
  EXPECT_NE(r.out.find(good + ": valid\n"), std::string::npos) << "later files are still checked";
}

TEST(ValidateCommand, RefMapsAUriPrefixToTheSuiteRemotes) {
  ValidateCommand command = with_schema(R"({"properties":{
      "i":{"$ref":"http://localhost:1234/draft2020-12/integer.json"},
      "s":{"$ref":"http://localhost:1234/draft2020-12/subSchemas.json#/$defs/refToInteger"}}})");
  command.refs = {{"http://localhost:1234/", kRemotes}};
  auto r = run(command, "{\"i\":1,\"s\":2}\n{\"i\":\"x\"}\n{\"s\":1.5}\n");
  EXPECT_EQ(r.status, ValidateStatus::some_invalid) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "valid");
  std::getline(lines, line);
  EXPECT_TRUE(line.starts_with("invalid \"/i\" type ")) << line;
  std::getline(lines, line);
  EXPECT_TRUE(line.starts_with("invalid \"/s\" type ")) << line;
}

TEST(ValidateCommand, UnresolvableRefIsABadSchema) {
  auto r = run(with_schema(R"({"properties":{"i":{"$ref":"http://localhost:1234/draft2020-12/integer.json"}}})"),
               "1\n");
  EXPECT_EQ(r.status, ValidateStatus::error);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("/properties/i"), std::string::npos) << r.err;
}

TEST(ValidateCommand, RefDirectoryMustExist) {
  ValidateCommand command = with_schema("{}");
  command.refs = {{"http://localhost:1234/", kRemotes + "/no-such-folder"}};
  auto r = run(command, "1\n");
  EXPECT_EQ(r.status, ValidateStatus::error);
  EXPECT_NE(r.err.find("no-such-folder"), std::string::npos) << r.err;
}

TEST(ValidateCommand, BadSchemaNamesItsLocation) {
  ValidateCommand command = with_schema(R"({"properties":{"name":{"minLength":-1}}})");
  auto r = run(command, "{}\n");
  EXPECT_EQ(r.status, ValidateStatus::error);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find(command.schema_path), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("\"/properties/name"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(static_cast<int>(r.status), 2);
}

TEST(ValidateCommand, SchemaThatIsNotJsonOrMissing) {
  ValidateCommand command = with_schema("{\"type\":");
  auto r = run(command, "1\n");
  EXPECT_EQ(r.status, ValidateStatus::error);
  EXPECT_NE(r.err.find(command.schema_path), std::string::npos) << r.err;

  command.schema_path += ".missing";
  r = run(command, "1\n");
  EXPECT_EQ(r.status, ValidateStatus::error);
  EXPECT_NE(r.err.find("cannot read schema"), std::string::npos) << r.err;
}

TEST(ValidateCommand, DialectAppliesOnlyWithoutDollarSchema) {
  // Before 2019-09 a `$ref` makes its siblings ignored; from 2019-09 on both apply.
  constexpr std::string_view kSiblings = R"({"$ref":"#/definitions/i","definitions":{"i":{}},"type":"string"})";
  ValidateCommand command = with_schema(kSiblings);
  auto r = run(command, "1\n");
  EXPECT_EQ(r.status, ValidateStatus::some_invalid);
  EXPECT_TRUE(r.out.starts_with("invalid \"\" type ")) << r.out;
  command.dialect = schemas::Dialect::draft7;
  EXPECT_EQ(run(command, "1\n").out, "valid\n");

  ValidateCommand declared =
      with_schema(R"({"$schema":"https://json-schema.org/draft/2020-12/schema","$ref":"#/$defs/i",)"
                  R"("$defs":{"i":{}},"type":"string"})");
  declared.dialect = schemas::Dialect::draft7;
  EXPECT_EQ(run(declared, "1\n").status, ValidateStatus::some_invalid);
}

TEST(ValidateCommand, FormatsAssertOnlyWhenAsked) {
  ValidateCommand command = with_schema(R"({"format":"email"})");
  EXPECT_EQ(run(command, "\"not an address\"\n").out, "valid\n");
  command.assert_formats = true;
  auto r = run(command, "\"not an address\"\n\"someone@example.com\"\n");
  EXPECT_TRUE(r.out.starts_with("invalid \"\" format ")) << r.out;
  EXPECT_TRUE(r.out.ends_with("\nvalid\n")) << r.out;
}

// The real binary, to cover main()'s wiring: stdin, stdout and the exit status.
std::pair<int, std::string> run_binary(const std::string& arguments, std::string_view stdin_text) {
  const std::string input = write_temp(stdin_text);
  const std::string command =
      std::string(TOOLGATE_BINARY_DIR) + "/toolgate validate " + arguments + " < " + input + " 2>&1";
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, output};
  char buffer[512];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

TEST(ValidateBinary, ExitStatusAndOutput) {
  if (!fs::exists(std::string(TOOLGATE_BINARY_DIR) + "/toolgate")) GTEST_SKIP() << "toolgate is not built";
  const std::string schema = write_temp(kOrders);
  EXPECT_EQ(run_binary("--schema " + schema, "{}\n{\"a\":[]}\n"), (std::pair<int, std::string>{0, "valid\nvalid\n"}));
  auto [status, output] = run_binary("--schema " + schema, "{\"a\":[{}]}\n");
  EXPECT_EQ(status, 1);
  EXPECT_TRUE(output.starts_with("invalid \"/a/0\" required ")) << output;
  EXPECT_EQ(run_binary("--schema " + write_temp("[]"), "1\n").first, 2);
  EXPECT_EQ(run_binary("--dialect draft3 --schema " + schema, "").first, 2);
}

}  // namespace
}  // namespace toolgate::gateway::app
