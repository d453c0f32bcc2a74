// libFuzzer target: the input is schema text. It is compiled under every dialect (and once with
// format assertion); whatever compiles validates fixed instances and the schema itself.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include <simdjson.h>

#include "schemas/validator/schema.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

namespace schemas = toolgate::schemas;

constexpr std::array<std::string_view, 14> kInstances = {
    "null", "true", "0", "-1.5", "1e308", "18446744073709551615", "\"\"", "\"2024-02-29T12:00:00Z\"",
    "\"a\\u0000b\\ud83d\\ude00\"", "[]", "[1,\"a\",[null],{},1.0]", "{}",
    R"({"a":1,"b":[1,1],"foo":{"bar":"baz"},"":{"children":[{"children":[]}]}})",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"};

// Parsed once: each instance keeps its own parser, which owns the document its element points into.
struct FixedInstances {
  std::array<simdjson::dom::parser, kInstances.size()> parsers;
  std::array<simdjson::dom::element, kInstances.size()> elements;

  FixedInstances() {
    for (std::size_t i = 0; i < kInstances.size(); ++i) {
      elements[i] = parsers[i].parse(simdjson::padded_string(kInstances[i])).value();
    }
  }
};

const FixedInstances& fixed_instances() {
  static const auto* instances = new FixedInstances();
  return *instances;
}

void exercise(const schemas::CompiledSchema& schema, const simdjson::dom::element* self) {
  for (simdjson::dom::element instance : fixed_instances().elements) {
    toolgate::schemas::fuzz::check_agreement(schema, instance);
  }
  if (self) toolgate::schemas::fuzz::check_agreement(schema, *self);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  simdjson::dom::parser parser;
  simdjson::dom::element self;
  const bool parsed = !parser.parse(simdjson::padded_string(text)).get(self);

  constexpr std::array kDialects = {schemas::Dialect::draft2020_12, schemas::Dialect::draft2019_09,
                                    schemas::Dialect::draft7, schemas::Dialect::draft6, schemas::Dialect::draft4};
  for (std::size_t i = 0; i <= kDialects.size(); ++i) {
    schemas::CompileOptions options;
    options.default_dialect = kDialects[i % kDialects.size()];
    options.assert_formats = i == kDialects.size();
    options.registry = &toolgate::schemas::fuzz::fuzz_registry();
    // The text overload once, to fuzz its parse-error path; the DOM overload for the rest.
    auto compiled =
        i == 0 || !parsed ? schemas::compile_schema(text, options) : schemas::compile_schema(self, options);
    if (compiled) exercise(**compiled, parsed ? &self : nullptr);
    if (!parsed) break;
  }
  return 0;
}
