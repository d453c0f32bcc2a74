// Parsing of `server.listen` ("host:port", "[v6]:port") and the loopback test behind the unauthenticated-bind rule.
// Pure string functions: no sockets and no name resolution, so they behave the same on every host.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace toolgate::config {

struct ListenAddress {
  std::string host;  // IPv6 without brackets, e.g. "::1"
  std::uint16_t port = 0;
};

struct ListenParse {
  ListenAddress address;
  std::string error;  // empty on success
  bool ok() const { return error.empty(); }
};

// Accepts "127.0.0.1:8080", "localhost:0", "gw.internal:443", "[::1]:8080"; the port is required (0 = any free port).
ListenParse parse_listen_address(std::string_view text);

// True for 127.0.0.0/8, ::1 (any spelling, including ::ffff:127.x.y.z) and "localhost".
bool is_loopback_host(std::string_view host);

}  // namespace toolgate::config
