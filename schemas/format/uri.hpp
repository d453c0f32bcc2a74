// RFC 3986 URIs and URI references, and their RFC 3987 IRI forms (ucschar where unreserved
// characters go, iprivate in the query). Structure only: hosts are not resolved, schemes not looked up.
#pragma once

#include <string_view>

namespace toolgate::schemas::format_detail {

bool is_uri(std::string_view text);
bool is_uri_reference(std::string_view text);
bool is_iri(std::string_view text);
bool is_iri_reference(std::string_view text);

}  // namespace toolgate::schemas::format_detail
