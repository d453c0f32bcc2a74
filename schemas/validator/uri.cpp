#include "schemas/validator/uri.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

namespace toolgate::schemas {

namespace {

// Built with append: GCC 12 misreports `"literal" + std::string` here as an overlapping memcpy.
std::string quoted_message(std::string_view a, std::string_view b, std::string_view c = {}, std::string_view d = {}) {
  std::string out;
  out.append("\"").append(a).append("\"").append(b);
  if (!c.empty()) out.append("\"").append(c).append("\"").append(d);
  return out;
}

}  // namespace

boost::system::result<std::string, std::string> resolve_uri(std::string_view base, std::string_view reference) {
  auto ref = boost::urls::parse_uri_reference(reference);
  if (!ref) return {boost::system::in_place_error, quoted_message(reference, " is not a valid URI reference")};
  boost::urls::url out;
  if (ref->has_scheme()) {
    out = *ref;
  } else {
    auto base_url = boost::urls::parse_uri(base);
    if (!base_url) return {boost::system::in_place_error, "base URI " + quoted_message(base, " is not absolute")};
    auto r = boost::urls::resolve(*base_url, *ref, out);
    if (!r) {
      return {boost::system::in_place_error,
              "cannot resolve " + quoted_message(reference, " against ", base)};
    }
  }
  out.normalize_scheme();
  out.normalize_authority();
  std::string text(out.buffer());
  if (!text.empty() && text.back() == '#') text.pop_back();
  return {boost::system::in_place_value, std::move(text)};
}

SplitUri split_fragment(std::string_view uri) {
  auto hash = uri.find('#');
  if (hash == std::string_view::npos) return {uri, {}};
  return {uri.substr(0, hash), uri.substr(hash + 1)};
}

}  // namespace toolgate::schemas
