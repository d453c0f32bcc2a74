#include "schemas/meta/metaschemas.hpp"

#include "schemas/meta/bundled_metaschemas.hpp"

namespace toolgate::schemas {

std::optional<std::string_view> builtin_metaschema(std::string_view uri) {
  if (uri.ends_with('#')) {
    uri.remove_suffix(1);
  }
  // Eighteen entries: a linear scan beats building an index, and this runs once per schema resource.
  for (std::size_t i = 0; i < detail::bundled_metaschema_count; ++i) {
    if (detail::bundled_metaschemas[i].uri == uri) {
      return detail::bundled_metaschemas[i].text;
    }
  }
  return std::nullopt;
}

std::vector<std::string_view> builtin_metaschema_uris() {
  std::vector<std::string_view> uris;
  uris.reserve(detail::bundled_metaschema_count);
  for (std::size_t i = 0; i < detail::bundled_metaschema_count; ++i) {
    uris.push_back(detail::bundled_metaschemas[i].uri);
  }
  return uris;
}

}  // namespace toolgate::schemas
