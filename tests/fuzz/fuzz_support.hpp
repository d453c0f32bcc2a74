// What both libFuzzer targets share: a small in-memory registry for remote `$ref`s and the check
// that the fast yes/no path and the explaining path of a compiled schema always agree.
#pragma once

#include <cstdlib>
#include <cstdio>

#include <simdjson.h>

#include "schemas/validator/registry.hpp"
#include "schemas/validator/schema.hpp"

namespace toolgate::schemas::fuzz {

// Remote documents the fuzzer can reach by URI (the suite's `http://localhost:1234/` names), so
// mutated `$ref`s exercise cross-document resolution without any file system.
inline const SchemaRegistry& fuzz_registry() {
  static const SchemaRegistry registry = [] {
    SchemaRegistry r;
    r.add("http://localhost:1234/integer.json", R"({"type":"integer"})");
    r.add("http://localhost:1234/draft2020-12/subSchemas.json",
          R"({"$schema":"https://json-schema.org/draft/2020-12/schema",)"
          R"("$defs":{"integer":{"type":"integer"},"refToInteger":{"$ref":"#/$defs/integer"}}})");
    r.add("http://localhost:1234/tree.json",
          R"({"$id":"http://localhost:1234/tree.json","$dynamicAnchor":"node","type":"object",)"
          R"("properties":{"children":{"type":"array","items":{"$dynamicRef":"#node"}}}})");
    r.add("http://localhost:1234/draft7/subSchemas.json",
          R"({"$schema":"http://json-schema.org/draft-07/schema#","definitions":{"integer":{"type":"integer"}}})");
    return r;
  }();
  return registry;
}

// Aborts (a libFuzzer crash with the input saved) when the two validation paths disagree.
inline void check_agreement(const CompiledSchema& schema, simdjson::dom::element instance) {
  const bool fast = schema.is_valid(instance);
  const ValidationResult full = schema.validate(instance);
  const ValidationResult first = schema.validate(instance, 1);
  if (fast != full.valid || fast != first.valid) {
    std::fprintf(stderr, "is_valid=%d but validate().valid=%d, validate(1).valid=%d\n", fast, full.valid,
                 first.valid);
    std::abort();
  }
  if (full.valid != full.errors.empty() || first.valid != first.errors.empty() || first.errors.size() > 1) {
    std::fprintf(stderr, "valid=%d with %zu errors (max_errors=1: %zu)\n", full.valid, full.errors.size(),
                 first.errors.size());
    std::abort();
  }
}

}  // namespace toolgate::schemas::fuzz
