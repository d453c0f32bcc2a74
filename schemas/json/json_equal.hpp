// JSON value equality and hashing as JSON Schema defines them (`const`, `enum`, `uniqueItems`):
// numbers compare by mathematical value (1 == 1.0), objects ignore member order.
#pragma once

#include <cstddef>

#include <simdjson.h>

namespace toolgate::schemas {

bool json_equal(simdjson::dom::element a, simdjson::dom::element b);

// Consistent with json_equal: equal values hash equally (1 and 1.0 included).
std::size_t json_hash(simdjson::dom::element value);

}  // namespace toolgate::schemas
