#include "config/base_url.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace toolgate::config {
namespace {

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         });
}

bool valid_port(std::string_view text) {
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return !text.empty() && ec == std::errc{} && end == text.data() + text.size() && value >= 1 && value <= 65535;
}

bool valid_host(std::string_view host) {
  if (host.empty()) return false;
  if (host.front() == '[') {
    return host.size() > 2 && host.back() == ']' && std::all_of(host.begin() + 1, host.end() - 1, [](char c) {
             return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.';
           });
  }
  return std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_';
  });
}

}  // namespace

BaseUrlCheck check_base_url(std::string_view text) {
  BaseUrlCheck result;
  std::size_t scheme_end = 0;
  if (starts_with_ci(text, "https://")) {
    scheme_end = 8;
  } else if (starts_with_ci(text, "http://")) {
    scheme_end = 7;
  } else {
    result.error = "must start with http:// or https://";
    return result;
  }
  if (std::any_of(text.begin(), text.end(), [](unsigned char c) { return c <= 0x20 || c == 0x7f; })) {
    result.error = "must not contain spaces or control characters";
    return result;
  }
  if (text.find('?') != std::string_view::npos || text.find('#') != std::string_view::npos) {
    result.error = "must not contain a query or fragment";
    return result;
  }
  const auto rest = text.substr(scheme_end);
  const auto authority = rest.substr(0, rest.find('/'));
  if (authority.find('@') != std::string_view::npos) {
    result.error =
        "must not contain credentials (user@host); put the key in an environment variable named by api_key_env";
    return result;
  }
  auto host = authority;
  const auto colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
    if (!valid_port(authority.substr(colon + 1))) {
      result.error = "has an invalid port";
      return result;
    }
    host = authority.substr(0, colon);
  }
  if (!valid_host(host)) {
    result.error = host.empty() ? "has no host" : "has an invalid host '" + std::string(host) + "'";
    return result;
  }
  result.url = std::string(text);
  while (result.url.size() > scheme_end && result.url.back() == '/') result.url.pop_back();
  return result;
}

}  // namespace toolgate::config
