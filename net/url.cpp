// URL parsing for upstream and MCP endpoints.
#include "net/url.hpp"

#include <boost/url/parse.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace toolgate::net {
namespace {

class UrlCategory final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "toolgate.url"; }
  std::string message(int ev) const override {
    switch (static_cast<UrlErrc>(ev)) {
      case UrlErrc::invalid:
        return "not a valid absolute URL";
      case UrlErrc::unsupported_scheme:
        return "URL scheme must be http or https";
      case UrlErrc::userinfo_not_allowed:
        return "URL must not contain user info (user:password@)";
      case UrlErrc::fragment_not_allowed:
        return "URL must not contain a fragment (#...)";
      case UrlErrc::missing_host:
        return "URL has no host";
      case UrlErrc::bad_port:
        return "URL port must be a number from 1 to 65535";
    }
    return "unknown URL error";
  }
};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

const boost::system::error_category& url_category() noexcept {
  static const UrlCategory category;
  return category;
}

boost::system::error_code make_error_code(UrlErrc e) noexcept {
  return {static_cast<int>(e), url_category()};
}

std::string Url::authority() const {
  std::string out = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  const bool default_port = (scheme == "https" && port == "443") || (scheme == "http" && port == "80");
  if (!default_port) {
    out += ":" + port;
  }
  return out;
}

boost::system::result<Url> parse_url(std::string_view text) {
  auto parsed = boost::urls::parse_absolute_uri(text);
  if (!parsed) {
    if (boost::urls::parse_uri(text)) {
      return make_error_code(UrlErrc::fragment_not_allowed);
    }
    return make_error_code(UrlErrc::invalid);
  }
  const auto& u = *parsed;
  Url url;
  url.scheme = lower(u.scheme());
  if (url.scheme != "http" && url.scheme != "https") {
    return make_error_code(UrlErrc::unsupported_scheme);
  }
  if (u.has_userinfo()) {
    return make_error_code(UrlErrc::userinfo_not_allowed);
  }
  switch (u.host_type()) {
    case boost::urls::host_type::ipv4:
      url.host = u.host_ipv4_address().to_string();
      break;
    case boost::urls::host_type::ipv6:
      url.host = u.host_ipv6_address().to_string();
      break;
    case boost::urls::host_type::name:
      url.host = lower(u.host_name());
      break;
    default:
      return make_error_code(UrlErrc::missing_host);
  }
  if (url.host.empty()) {
    return make_error_code(UrlErrc::missing_host);
  }
  if (u.has_port()) {
    const std::string_view port = u.port();
    unsigned value = 0;
    const auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc{} || ptr != port.data() + port.size() || value == 0 || value > 65535) {
      return make_error_code(UrlErrc::bad_port);
    }
    url.port = std::to_string(value);
  } else {
    url.port = url.tls() ? "443" : "80";
  }
  url.path = std::string(u.encoded_path());
  while (!url.path.empty() && url.path.back() == '/') {
    url.path.pop_back();
  }
  url.query = std::string(u.encoded_query());
  return url;
}

}  // namespace toolgate::net
