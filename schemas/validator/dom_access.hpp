// Typed views of simdjson DOM values whose type the caller already checked. They return copies,
// so range-for loops never iterate a reference into a destroyed simdjson_result temporary.
#pragma once

#include <simdjson.h>

namespace toolgate::schemas {

inline simdjson::dom::array array_of(simdjson::dom::element value) {
  simdjson::dom::array out;
  if (value.get(out) != simdjson::SUCCESS) out = {};
  return out;
}

inline simdjson::dom::object object_of(simdjson::dom::element value) {
  simdjson::dom::object out;
  if (value.get(out) != simdjson::SUCCESS) out = {};
  return out;
}

}  // namespace toolgate::schemas
