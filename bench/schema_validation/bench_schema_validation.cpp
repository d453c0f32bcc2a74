// toolgate_bench_schemas: time per validation of toolgate's compiled schemas on the benchmark sets, in
// process, with the method and output lines of ajv_runner.mjs so run.sh can put the two side by side.
//
// Usage: toolgate_bench_schemas [--sets FILE] [--set NAME ...] [--runs N] [--target-ms MS] [--warmup-ms MS]
//                               [--warmup-passes N] [--formats] [--exclude FILE] [--compile-only] [--walk-only]
// --walk-only times a plain walk of each instance's DOM (every member and item visited, nothing
// checked) instead of validation: the floor any validator over simdjson DOM values stands on.
// Prints JSON lines on stdout (kinds: compile, compile_error, mismatch, result; see bench/README.md).
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "bench/schema_validation/bench_sets.hpp"
#include "schemas/validator/registry.hpp"
#include "schemas/validator/schema.hpp"

namespace toolgate::bench {
namespace {

using Clock = std::chrono::steady_clock;
using Nanos = std::chrono::nanoseconds;

struct Options {
  std::filesystem::path sets_file = TOOLGATE_BENCH_SETS;
  std::vector<std::string> only;
  std::size_t runs = 7;
  std::int64_t target_ms = 200;
  std::int64_t warmup_ms = 300;
  std::size_t warmup_passes = 1000;
  bool formats = false;
  std::optional<std::filesystem::path> exclude;
  bool compile_only = false;
  bool walk_only = false;
};

constexpr std::string_view usage =
    "usage: toolgate_bench_schemas [--sets FILE] [--set NAME ...] [--runs N] [--target-ms MS] [--warmup-ms MS]\n"
    "                              [--warmup-passes N] [--formats] [--exclude FILE] [--compile-only] [--walk-only]\n";

template <typename T>
bool parse_number(std::string_view text, T& out, T minimum) {
  T value{};
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value < minimum) return false;
  out = value;
  return true;
}

std::optional<Options> parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const bool has_value = i + 1 < argc;
    const std::string_view value = has_value ? argv[i + 1] : "";
    bool ok = true;
    if (arg == "--formats") {
      options.formats = true;
      continue;
    }
    if (arg == "--walk-only") {
      options.walk_only = true;
      continue;
    }
    if (arg == "--compile-only") {
      options.compile_only = true;
      continue;
    }
    if (!has_value) return std::nullopt;
    if (arg == "--sets") {
      options.sets_file = value;
    } else if (arg == "--set") {
      options.only.emplace_back(value);
    } else if (arg == "--exclude") {
      options.exclude = value;
    } else if (arg == "--runs") {
      ok = parse_number<std::size_t>(value, options.runs, 1);
    } else if (arg == "--target-ms") {
      ok = parse_number<std::int64_t>(value, options.target_ms, 1);
    } else if (arg == "--warmup-ms") {
      ok = parse_number<std::int64_t>(value, options.warmup_ms, 0);
    } else if (arg == "--warmup-passes") {
      ok = parse_number<std::size_t>(value, options.warmup_passes, 0);
    } else {
      ok = false;
    }
    if (!ok) return std::nullopt;
    ++i;
  }
  return options;
}

// "set<TAB>id" lines, as run.sh collects them from both sides' --compile-only output.
std::optional<std::set<std::string, std::less<>>> read_exclusions(const std::optional<std::filesystem::path>& file) {
  std::set<std::string, std::less<>> excluded;
  if (!file) return excluded;
  std::ifstream in(*file);
  if (!in) return std::nullopt;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) excluded.insert(line);
  }
  return excluded;
}

void emit(const boost::json::object& line) {
  boost::json::object out{{"impl", "toolgate"}};
  out.insert(line.begin(), line.end());
  std::string text = boost::json::serialize(out);
  text.push_back('\n');
  std::fwrite(text.data(), 1, text.size(), stdout);
}

struct Case {
  const schemas::CompiledSchema* schema;
  simdjson::dom::element data;
};

// Visits every member, item and string the way a validator must at least once.
std::size_t walk(simdjson::dom::element e) {
  std::size_t n = 0;
  simdjson::dom::object object;
  simdjson::dom::array array;
  std::string_view text;
  if (e.get(object) == simdjson::SUCCESS) {
    for (auto field : object) n += field.key.size() + walk(field.value);
  } else if (e.get(array) == simdjson::SUCCESS) {
    for (auto item : array) n += walk(item);
  } else if (e.get(text) == simdjson::SUCCESS) {
    n += text.size();
  } else {
    n += 1;
  }
  return n;
}

bool walk_only = false;

std::size_t run_pass(const std::vector<Case>& cases) {
  std::size_t valid = 0;
  if (walk_only) {
    for (const Case& c : cases) valid += walk(c.data);
    return valid;
  }
  for (const Case& c : cases) valid += c.schema->is_valid(c.data) ? 1 : 0;
  return valid;
}

struct Measurement {
  std::size_t passes = 0;
  std::vector<double> samples;  // ns per validation, one per timed run
  std::size_t checksum = 0;     // valid verdicts counted, so no pass can be optimised away
};

// The AJV runner's method, kept identical: warm-up in 100 ms windows until warmup_ms and warmup_passes are
// done and two windows in a row are no faster (by more than 3%) than the best before them (capped at 5 s);
// then K passes per timed run, K chosen from the last window so one run lasts at least target_ms.
Measurement measure(const std::vector<Case>& cases, const Options& options) {
  constexpr Nanos window = std::chrono::milliseconds(100);
  constexpr Nanos max_warmup = std::chrono::seconds(5);
  const Nanos warmup = std::chrono::milliseconds(options.warmup_ms);
  Measurement m;
  double best = 1e300;
  double per_pass = 0;
  Nanos warmed{0};
  std::size_t warm_passes = 0;
  int calm = 0;
  for (;;) {
    const auto start = Clock::now();
    std::size_t passes = 0;
    Nanos elapsed{0};
    do {
      m.checksum += run_pass(cases);
      ++passes;
      elapsed = Clock::now() - start;
    } while (elapsed < window);
    warmed += elapsed;
    warm_passes += passes;
    per_pass = static_cast<double>(elapsed.count()) / static_cast<double>(passes);
    calm = per_pass >= best * 0.97 ? calm + 1 : 0;
    best = std::min(best, per_pass);
    if ((warmed >= warmup && warm_passes >= options.warmup_passes && calm >= 2) || warmed >= max_warmup) break;
  }
  const double target_ns = static_cast<double>(Nanos(std::chrono::milliseconds(options.target_ms)).count());
  m.passes = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(target_ns / std::max(per_pass, 1.0))));
  for (std::size_t r = 0; r < options.runs; ++r) {
    const auto start = Clock::now();
    for (std::size_t p = 0; p < m.passes; ++p) m.checksum += run_pass(cases);
    const auto ns = static_cast<double>(Nanos(Clock::now() - start).count());
    m.samples.push_back(ns / static_cast<double>(m.passes * cases.size()));
  }
  return m;
}

double median_of_sorted(const std::vector<double>& sorted) {
  const std::size_t mid = sorted.size() / 2;
  return sorted.size() % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// The first reason validate() gives, so a wrong verdict can be looked into without a debugger.
std::string first_error(const schemas::CompiledSchema& schema, simdjson::dom::element data) {
  schemas::ValidationResult result = schema.validate(data, 1);
  if (result.errors.empty()) return "";
  const auto& e = result.errors.front();
  return e.keyword + " at \"" + e.instance_location + "\" (schema " + e.schema_location + "): " + e.message;
}

void bench_set(const BenchSet& set, const std::set<std::string, std::less<>>& excluded_ids, const Options& options) {
  schemas::SchemaRegistry registry;
  for (const auto& remote : set.remotes) registry.add_directory(remote.uri_prefix, remote.directory);
  schemas::CompileOptions compile_options;
  compile_options.default_dialect = set.dialect;
  compile_options.assert_formats = options.formats;
  compile_options.registry = &registry;

  std::vector<schemas::CompiledSchemaPtr> compiled;
  std::vector<Case> cases;
  std::size_t excluded = 0;
  std::size_t mismatches = 0;
  Nanos compile_time{0};
  for (const BenchGroup& group : set.groups) {
    if (excluded_ids.contains(set.name + "\t" + group.id)) {
      ++excluded;
      continue;
    }
    const auto start = Clock::now();
    auto schema = schemas::compile_schema(group.schema, compile_options);
    compile_time += Clock::now() - start;
    if (!schema) {
      ++excluded;
      emit({{"kind", "compile_error"}, {"set", set.name}, {"id", group.id},
            {"message", "at \"" + schema.error().schema_location + "\": " + schema.error().message}});
      continue;
    }
    for (std::size_t i = 0; i < group.tests.size(); ++i) {
      const BenchTest& test = group.tests[i];
      if ((*schema)->is_valid(test.data) != test.valid) {
        ++mismatches;
        if (!options.compile_only) {
          emit({{"kind", "mismatch"}, {"set", set.name}, {"id", group.id}, {"test", i},
                {"description", test.description}, {"expected", test.valid},
                {"error", first_error(**schema, test.data)}});
        }
      }
      cases.push_back({schema->get(), test.data});
    }
    compiled.push_back(std::move(*schema));
  }
  const double compile_us = static_cast<double>(compile_time.count()) / 1000.0;
  emit({{"kind", "compile"}, {"set", set.name}, {"schemas", set.groups.size()}, {"compiled", compiled.size()},
        {"excluded", excluded},
        {"compile_us_per_schema", compiled.empty() ? 0.0 : compile_us / static_cast<double>(compiled.size())}});
  if (options.compile_only) return;

  boost::json::object result{{"kind", walk_only ? "walk" : "result"}, {"set", set.name}, {"schemas", compiled.size()},
                             {"excluded", excluded}, {"count", cases.size()}};
  if (cases.empty()) {
    result.insert({{"passes", 0}, {"runs", 0}, {"ns_median", nullptr}, {"ns_min", nullptr}, {"ns_max", nullptr},
                   {"samples", boost::json::array{}}, {"mismatches", mismatches}});
    emit(result);
    return;
  }
  Measurement m = measure(cases, options);
  std::vector<double> sorted = m.samples;
  std::sort(sorted.begin(), sorted.end());
  boost::json::array samples(m.samples.begin(), m.samples.end());
  result.insert({{"passes", m.passes}, {"runs", options.runs}, {"ns_median", median_of_sorted(sorted)},
                 {"ns_min", sorted.front()}, {"ns_max", sorted.back()}, {"samples", std::move(samples)},
                 {"mismatches", mismatches}, {"checksum", m.checksum}});
  emit(result);
}

}  // namespace
}  // namespace toolgate::bench

int main(int argc, char** argv) {
  using namespace toolgate::bench;
  auto options = parse_options(argc, argv);
  if (!options) {
    std::fputs(usage.data(), stderr);
    return 2;
  }
  walk_only = options->walk_only;
  auto excluded = read_exclusions(options->exclude);
  if (!excluded) {
    std::fprintf(stderr, "toolgate_bench_schemas: cannot read %s\n", options->exclude->c_str());
    return 2;
  }
  auto data = load_bench_sets(options->sets_file, options->only);
  if (!data) {
    std::fprintf(stderr, "toolgate_bench_schemas: %s\n", data.error().message.c_str());
    return 2;
  }
  for (const BenchSet& set : data->sets) {
    bench_set(set, *excluded, *options);
    std::fflush(stdout);
  }
  return 0;
}
