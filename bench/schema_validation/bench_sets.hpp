// The benchmark's input: a sets file (sets.json) naming, per set, suite folders or single-schema files,
// all parsed up front into simdjson DOM documents so that nothing but validation is timed.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <boost/system/result.hpp>
#include <simdjson.h>

#include "schemas/validator/dialect.hpp"

namespace toolgate::bench {

struct BenchTest {
  simdjson::dom::element data;
  bool valid = false;
  std::string description;
};

// One schema and its instances. `id` is "<file name>#<index in file>", the same on the AJV side.
struct BenchGroup {
  std::string id;
  simdjson::dom::element schema;
  std::vector<BenchTest> tests;
};

struct BenchRemote {
  std::string uri_prefix;
  std::filesystem::path directory;
};

struct BenchSet {
  std::string name;
  schemas::Dialect dialect = schemas::Dialect::draft2020_12;
  std::vector<BenchGroup> groups;
  std::vector<BenchRemote> remotes;
};

// Every element in `sets` points into `documents`, which are heap-allocated so moving this keeps them valid.
struct BenchData {
  std::vector<std::unique_ptr<simdjson::dom::document>> documents;
  std::vector<BenchSet> sets;
};

struct LoadError {
  std::string message;
};

// Reads the sets file; relative paths in it are resolved against its folder. A folder (`dir`) contributes
// every *.json file in it, sorted by name, each an array of suite groups; `files` entries hold one
// group object {schema, tests}. Only the sets named in `only` are loaded, or all when it is empty.
boost::system::result<BenchData, LoadError> load_bench_sets(const std::filesystem::path& sets_file,
                                                            const std::vector<std::string>& only);

}  // namespace toolgate::bench
