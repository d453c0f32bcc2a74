// The table that the build generates from schemas/meta/data (see embed_metaschemas.cmake):
// one entry per bundled meta-schema, keyed by its declared id without the empty fragment.
#pragma once

#include <cstddef>
#include <string_view>

namespace toolgate::schemas::detail {

struct BundledMetaschema {
  std::string_view uri;
  std::string_view text;
};

extern const BundledMetaschema bundled_metaschemas[];
extern const std::size_t bundled_metaschema_count;

}  // namespace toolgate::schemas::detail
