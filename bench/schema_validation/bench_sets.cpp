#include "bench/schema_validation/bench_sets.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

namespace toolgate::bench {
namespace {

using Result = boost::system::result<BenchData, LoadError>;

LoadError error_in(const std::filesystem::path& file, std::string_view what) {
  return LoadError{file.string() + ": " + std::string(what)};
}

// Parses a whole file into a new document owned by `data`.
boost::system::result<simdjson::dom::element, LoadError> parse_file(const std::filesystem::path& file,
                                                                    simdjson::dom::parser& parser,
                                                                    BenchData& data) {
  simdjson::padded_string text;
  if (auto error = simdjson::padded_string::load(file.string()).get(text); error != simdjson::SUCCESS) {
    return error_in(file, simdjson::error_message(error));
  }
  auto document = std::make_unique<simdjson::dom::document>();
  simdjson::dom::element root;
  if (auto error = parser.parse_into_document(*document, text.data(), text.size()).get(root);
      error != simdjson::SUCCESS) {
    return error_in(file, simdjson::error_message(error));
  }
  data.documents.push_back(std::move(document));
  return root;
}

boost::system::result<BenchGroup, LoadError> read_group(simdjson::dom::element element, std::string id,
                                                        const std::filesystem::path& file) {
  BenchGroup group{std::move(id), {}, {}};
  simdjson::dom::array tests;
  if (element["schema"].get(group.schema) != simdjson::SUCCESS || element["tests"].get(tests) != simdjson::SUCCESS) {
    return error_in(file, group.id + " needs \"schema\" and a \"tests\" array");
  }
  for (simdjson::dom::element test : tests) {
    BenchTest entry;
    if (test["data"].get(entry.data) != simdjson::SUCCESS || test["valid"].get(entry.valid) != simdjson::SUCCESS) {
      return error_in(file, group.id + ": every test needs \"data\" and a boolean \"valid\"");
    }
    std::string_view description;
    if (test["description"].get(description) == simdjson::SUCCESS) entry.description = description;
    group.tests.push_back(std::move(entry));
  }
  return group;
}

// A suite file is an array of groups; a single-schema file is one group object.
boost::system::result<void, LoadError> read_groups_file(const std::filesystem::path& file,
                                                        simdjson::dom::parser& parser, BenchData& data,
                                                        BenchSet& set) {
  auto root = parse_file(file, parser, data);
  if (!root) return root.error();
  const std::string name = file.filename().string();
  simdjson::dom::array list;
  if (root->get(list) != simdjson::SUCCESS) {
    auto group = read_group(*root, name + "#0", file);
    if (!group) return group.error();
    set.groups.push_back(std::move(*group));
    return {};
  }
  std::size_t index = 0;
  for (simdjson::dom::element element : list) {
    auto group = read_group(element, name + "#" + std::to_string(index++), file);
    if (!group) return group.error();
    set.groups.push_back(std::move(*group));
  }
  return {};
}

boost::system::result<std::vector<std::filesystem::path>, LoadError> json_files_in(
    const std::filesystem::path& folder) {
  std::error_code error;
  std::vector<std::filesystem::path> files;
  for (std::filesystem::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
    if (it->is_regular_file() && it->path().extension() == ".json") files.push_back(it->path());
  }
  if (error) return error_in(folder, error.message());
  // Byte order of the names: the AJV runner sorts the same way, so group ids and order match.
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a.filename().string() < b.filename().string(); });
  return files;
}

boost::system::result<BenchSet, LoadError> read_set(simdjson::dom::object entry, const std::filesystem::path& base,
                                                    const std::filesystem::path& sets_file,
                                                    simdjson::dom::parser& parser, BenchData& data) {
  BenchSet set;
  std::string_view name;
  std::string_view dialect_name;
  if (entry["name"].get(name) != simdjson::SUCCESS || entry["dialect"].get(dialect_name) != simdjson::SUCCESS) {
    return error_in(sets_file, "every set needs a \"name\" and a \"dialect\"");
  }
  set.name = name;
  auto dialect = schemas::dialect_from_name(dialect_name);
  if (!dialect) return error_in(sets_file, set.name + ": unknown dialect \"" + std::string(dialect_name) + "\"");
  set.dialect = *dialect;

  simdjson::dom::object remotes;
  if (entry["remotes"].get(remotes) == simdjson::SUCCESS) {
    for (auto [prefix, folder] : remotes) {
      std::string_view path;
      if (folder.get(path) != simdjson::SUCCESS) return error_in(sets_file, set.name + ": remotes map to folders");
      set.remotes.push_back({std::string(prefix), base / path});
    }
  }

  std::vector<std::filesystem::path> files;
  std::string_view dir;
  simdjson::dom::array listed;
  if (entry["dir"].get(dir) == simdjson::SUCCESS) {
    auto found = json_files_in(base / dir);
    if (!found) return found.error();
    files = std::move(*found);
  } else if (entry["files"].get(listed) == simdjson::SUCCESS) {
    for (simdjson::dom::element file : listed) {
      std::string_view path;
      if (file.get(path) != simdjson::SUCCESS) return error_in(sets_file, set.name + ": \"files\" holds paths");
      files.push_back(base / path);
    }
  } else {
    return error_in(sets_file, set.name + " needs \"dir\" or \"files\"");
  }
  for (const auto& file : files) {
    if (auto read = read_groups_file(file, parser, data, set); !read) return read.error();
  }
  return set;
}

}  // namespace

Result load_bench_sets(const std::filesystem::path& sets_file, const std::vector<std::string>& only) {
  BenchData data;
  simdjson::dom::parser parser;
  auto root = parse_file(sets_file, parser, data);
  if (!root) return root.error();
  simdjson::dom::array sets;
  if ((*root)["sets"].get(sets) != simdjson::SUCCESS) return error_in(sets_file, "needs a \"sets\" array");
  const std::filesystem::path base = sets_file.parent_path();
  for (simdjson::dom::element element : sets) {
    simdjson::dom::object entry;
    std::string_view name;
    if (element.get(entry) != simdjson::SUCCESS || entry["name"].get(name) != simdjson::SUCCESS) {
      return error_in(sets_file, "every set is an object with a \"name\"");
    }
    if (!only.empty() && std::find(only.begin(), only.end(), name) == only.end()) continue;
    auto set = read_set(entry, base, sets_file, parser, data);
    if (!set) return set.error();
    data.sets.push_back(std::move(*set));
  }
  return data;
}

}  // namespace toolgate::bench
