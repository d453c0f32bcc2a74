#include "config/listen_address.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstring>

namespace toolgate::config {
namespace {

bool parse_port(std::string_view text, std::uint16_t& port) {
  if (text.empty() || text.size() > 5) return false;
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value > 65535) return false;
  port = static_cast<std::uint16_t>(value);
  return true;
}

bool is_ipv4(std::string_view host) {
  std::array<unsigned char, 4> bytes{};
  return inet_pton(AF_INET, std::string(host).c_str(), bytes.data()) == 1;
}

bool is_ipv6(std::string_view host) {
  std::array<unsigned char, 16> bytes{};
  return inet_pton(AF_INET6, std::string(host).c_str(), bytes.data()) == 1;
}

// RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens.
bool is_hostname(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  std::size_t start = 0;
  while (start <= host.size()) {
    const auto dot = host.find('.', start);
    const auto label = host.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (const char c : label) {
      if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '-') return false;
    }
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return true;
}

bool all_digits_and_dots(std::string_view host) {
  return std::all_of(host.begin(), host.end(),
                     [](char c) { return c == '.' || std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

}  // namespace

ListenParse parse_listen_address(std::string_view text) {
  ListenParse result;
  std::string_view host;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      result.error = "expected \"[ipv6]:port\", e.g. \"[::1]:8080\"";
      return result;
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
    if (!is_ipv6(host)) {
      result.error = "'" + std::string(host) + "' is not an IPv6 address";
      return result;
    }
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) {
      result.error = "expected \"host:port\", e.g. \"127.0.0.1:8080\"";
      return result;
    }
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) {
      result.error = "an IPv6 address must be written in brackets, e.g. \"[::1]:8080\"";
      return result;
    }
    // A dotted all-numeric host is meant as IPv4; refusing it as a host name catches "127.0.0.256" and "127.1".
    const bool valid = all_digits_and_dots(host) ? is_ipv4(host) : is_hostname(host);
    if (!valid) {
      result.error =
          host.empty() ? std::string("the host is missing") : "'" + std::string(host) + "' is not a valid host";
      return result;
    }
  }
  if (!parse_port(port, result.address.port)) {
    result.error = "'" + std::string(port) + "' is not a port number (0-65535)";
    return result;
  }
  result.address.host = std::string(host);
  return result;
}

bool is_loopback_host(std::string_view host) {
  std::string lower(host);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "localhost") return true;
  std::array<unsigned char, 4> v4{};
  if (inet_pton(AF_INET, lower.c_str(), v4.data()) == 1) return v4[0] == 127;
  std::array<unsigned char, 16> v6{};
  if (inet_pton(AF_INET6, lower.c_str(), v6.data()) != 1) return false;
  static constexpr std::array<unsigned char, 16> loopback{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  if (v6 == loopback) return true;
  static constexpr std::array<unsigned char, 12> v4_mapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return std::memcmp(v6.data(), v4_mapped.data(), v4_mapped.size()) == 0 && v6[12] == 127;
}

}  // namespace toolgate::config
