// Absolute http/https URLs as the client needs them: scheme, host, port and base path.
// Parsed with Boost.URL; userinfo, fragments, bad ports and other schemes are rejected.
#pragma once

#include <boost/system/result.hpp>

#include <string>
#include <string_view>

namespace toolgate::net {

struct Url {
  std::string scheme;  // "http" or "https", lower case
  std::string host;    // registered name (lower case) or IP literal, IPv6 without brackets
  std::string port;    // always set: the explicit port or 80 / 443
  std::string path;    // percent-encoded, without the trailing '/'; empty for the root
  std::string query;   // percent-encoded query without the '?'; empty when absent

  bool tls() const { return scheme == "https"; }
  // host[:port] as sent in the Host header; the port is omitted when it is the scheme's default.
  std::string authority() const;
};

enum class UrlErrc {
  invalid = 1,
  unsupported_scheme,
  userinfo_not_allowed,
  fragment_not_allowed,
  missing_host,
  bad_port,
};

const boost::system::error_category& url_category() noexcept;
boost::system::error_code make_error_code(UrlErrc e) noexcept;

boost::system::result<Url> parse_url(std::string_view text);

}  // namespace toolgate::net

template <>
struct boost::system::is_error_code_enum<toolgate::net::UrlErrc> : std::true_type {};
