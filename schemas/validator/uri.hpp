// RFC 3986 reference resolution for `$id` and `$ref` (via Boost.URL), and the split of a
// resolved URI into its resource part and fragment.
#pragma once

#include <string>
#include <string_view>

#include <boost/system/result.hpp>

namespace toolgate::schemas {

// Resolves `reference` against the absolute `base`; the result is normalised and has no empty '#'.
boost::system::result<std::string, std::string> resolve_uri(std::string_view base, std::string_view reference);

struct SplitUri {
  std::string_view resource;  // everything before '#'
  std::string_view fragment;  // after '#', still percent-encoded; empty when none
};
SplitUri split_fragment(std::string_view uri);

}  // namespace toolgate::schemas
