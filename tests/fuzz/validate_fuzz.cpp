// libFuzzer target: the input is one option byte, then schema text, a NUL byte and instance text.
// The option byte picks the default dialect (low bits) and format assertion (bit 3).
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <simdjson.h>

#include "schemas/validator/schema.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace schemas = toolgate::schemas;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  constexpr std::array kDialects = {schemas::Dialect::draft2020_12, schemas::Dialect::draft2019_09,
                                    schemas::Dialect::draft7, schemas::Dialect::draft6, schemas::Dialect::draft4};
  const std::uint8_t option = data[0];
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::size_t nul = rest.find('\0');
  // Without a separator the schema validates itself, which suits meta-schema-like inputs.
  const std::string_view schema_text = rest.substr(0, nul);
  const std::string_view instance_text = nul == std::string_view::npos ? rest : rest.substr(nul + 1);

  schemas::CompileOptions options;
  options.default_dialect = kDialects[(option & 7u) % kDialects.size()];
  options.assert_formats = (option & 8u) != 0;
  options.registry = &schemas::fuzz::fuzz_registry();
  auto compiled = schemas::compile_schema(schema_text, options);
  if (!compiled) return 0;

  simdjson::dom::parser parser;
  simdjson::dom::element instance;
  if (parser.parse(simdjson::padded_string(instance_text)).get(instance)) return 0;
  schemas::fuzz::check_agreement(**compiled, instance);
  return 0;
}
