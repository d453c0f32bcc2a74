// The official JSON Schema meta-schemas (draft-04 to 2020-12, with the 2019-09/2020-12 vocabularies),
// compiled into the library so that `$schema` and `$ref`s to them resolve without the network.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace toolgate::schemas {

// Returns the meta-schema text for `uri` (with or without an empty trailing fragment `#`), if bundled.
// URIs match exactly as the documents declare them: http for draft-04/06/07, https for 2019-09/2020-12.
std::optional<std::string_view> builtin_metaschema(std::string_view uri);

// Every bundled meta-schema's URI (without '#'), e.g. to pre-register them all in a registry.
std::vector<std::string_view> builtin_metaschema_uris();

}  // namespace toolgate::schemas
