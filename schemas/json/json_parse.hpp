// Parses JSON text into a simdjson DOM for validation. simdjson 3.0 rejects integers beyond 64 bits;
// such documents are re-read through Boost.JSON, which keeps those numbers as the nearest double.
#pragma once

#include <string_view>

#include <simdjson.h>

namespace toolgate::schemas {

// `out` stays valid until `parser` parses again or is destroyed.
simdjson::error_code parse_json(simdjson::dom::parser& parser, std::string_view text, simdjson::dom::element& out);

}  // namespace toolgate::schemas
