// JSON Schema dialects (draft-04 to 2020-12) and how their names are spelled in `$schema` and on the CLI.
// A dialect decides which keywords exist and what they mean; each schema resource has exactly one.
#pragma once

#include <optional>
#include <string_view>

namespace toolgate::schemas {

enum class Dialect { draft4, draft6, draft7, draft2019_09, draft2020_12 };

// "2020-12", "2019-09", "draft7", "draft6", "draft4" (also "draft-07", "7", ...).
std::optional<Dialect> dialect_from_name(std::string_view name);

// The official meta-schema URI of a dialect, e.g. "https://json-schema.org/draft/2020-12/schema".
std::string_view dialect_uri(Dialect dialect);

// Recognises the official meta-schema URIs (with or without a trailing '#').
std::optional<Dialect> dialect_from_uri(std::string_view uri);

std::string_view dialect_name(Dialect dialect);

}  // namespace toolgate::schemas
