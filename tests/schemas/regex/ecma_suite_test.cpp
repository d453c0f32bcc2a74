// Runs the JSON-Schema-Test-Suite cases about ECMA-262 regexes that need nothing but this module:
// schemas that are only {"pattern": ...} (optionally with "type": "string") or {"format": "regex"},
// with string instances. The rest of those files belongs to the validator's suite run.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "schemas/regex/ecma_regex.hpp"

namespace toolgate::schemas {
namespace {

const std::string kSuite =
    std::string(TOOLGATE_SOURCE_DIR) + "/../shared/testdata/json-schema-test-suite/tests/";

constexpr const char* kFiles[] = {
    "draft2020-12/optional/ecmascript-regex.json",
    "draft2020-12/optional/non-bmp-regex.json",
    "draft2020-12/optional/format/regex.json",
    "draft2020-12/optional/format/ecmascript-regex.json",
    "draft7/optional/ecmascript-regex.json",
    "draft7/optional/non-bmp-regex.json",
    "draft7/optional/format/regex.json",
    "draft7/optional/format/ecmascript-regex.json",
};

// Cases known to fail, as "file | group | test". Empty: every evaluable case passes. A listed case
// that starts passing fails the test, so the list cannot go stale.
const std::set<std::string> kExpectedFailures = {};

enum class Kind { pattern, format_regex, other };

struct Schema {
  Kind kind = Kind::other;
  std::string pattern;
};

Schema classify(simdjson::dom::element schema) {
  simdjson::dom::object object;
  if (schema.get(object) != simdjson::SUCCESS) return {};
  Schema out;
  for (auto [key, value] : object) {
    std::string_view text;
    const bool is_string = value.get(text) == simdjson::SUCCESS;
    if (key == "$schema") continue;
    if (key == "type" && is_string && text == "string") continue;
    if (key == "pattern" && is_string && out.kind == Kind::other) {
      out.kind = Kind::pattern;
      out.pattern = std::string(text);
    } else if (key == "format" && is_string && text == "regex" && out.kind == Kind::other) {
      out.kind = Kind::format_regex;
    } else {
      return {};
    }
  }
  return out;
}

struct Tally {
  int evaluated = 0;
  std::vector<std::string> failures;
  std::vector<std::string> unexpected_passes;
};

void run_file(const std::string& file, Tally& tally) {
  simdjson::dom::parser parser;
  simdjson::padded_string json;
  ASSERT_EQ(simdjson::padded_string::load(kSuite + file).get(json), simdjson::SUCCESS) << file;
  simdjson::dom::array groups;
  ASSERT_EQ(parser.parse(json).get(groups), simdjson::SUCCESS) << file;
  for (simdjson::dom::element group : groups) {
    const Schema schema = classify(group["schema"]);
    if (schema.kind == Kind::other) continue;
    const std::string group_name(group["description"].get_string().value());
    for (simdjson::dom::element test : group["tests"].get_array()) {
      std::string_view data;
      if (test["data"].get(data) != simdjson::SUCCESS) continue;
      const bool expected = test["valid"].get_bool().value();
      bool actual = false;
      if (schema.kind == Kind::format_regex) {
        actual = is_valid_ecma_regex(data);
      } else {
        auto regex = EcmaRegex::compile(schema.pattern);
        actual = regex && regex->search(data) == EcmaRegex::Match::yes;
      }
      const std::string id = file + " | " + group_name + " | " +
                             std::string(test["description"].get_string().value());
      ++tally.evaluated;
      const bool listed = kExpectedFailures.count(id) != 0;
      if (actual != expected && !listed) tally.failures.push_back(id);
      if (actual == expected && listed) tally.unexpected_passes.push_back(id);
    }
  }
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += "\n  " + line;
  return out;
}

TEST(EcmaRegexSuite, EveryPatternAndFormatRegexCasePasses) {
  Tally tally;
  for (const char* file : kFiles) run_file(file, tally);
  // 2 drafts x (ecmascript-regex 57 + non-bmp-regex 7 + format/regex 2
  //             + format/ecmascript-regex 12).
  EXPECT_EQ(tally.evaluated, 156) << "suite files missing or reshaped";
  EXPECT_TRUE(tally.failures.empty()) << "failing cases:" << joined(tally.failures);
  EXPECT_TRUE(tally.unexpected_passes.empty())
      << "now passing, remove from kExpectedFailures:" << joined(tally.unexpected_passes);
  std::printf("ECMA regex suite cases evaluated: %d, failed: %zu\n", tally.evaluated,
              tally.failures.size());
}

}  // namespace
}  // namespace toolgate::schemas
