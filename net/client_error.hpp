// Errors of the HTTP client as values: a category for callers' policy plus a message for humans.
// boost::system::result<T, ClientError> works because throw_exception_from_error is found by ADL.
#pragma once

#include <boost/assert/source_location.hpp>

#include <stdexcept>
#include <string>

namespace toolgate::net {

enum class ClientErrc {
  connect_failed = 1,  // DNS, TCP connect, or the connection dropped before the response header
  tls_failed,          // TLS handshake, including certificate or host name verification
  timeout,             // connect, first-byte or body idle timeout
  protocol_error,      // malformed HTTP, or the connection dropped inside the body
  body_too_large,      // the response body passed ClientOptions::max_body_bytes
  cancelled,           // the awaiting coroutine was cancelled
};

struct ClientError {
  ClientErrc code;
  std::string message;  // what failed, e.g. "connect to 127.0.0.1:9 failed: Connection refused"
};

// Called by result<T, ClientError>::value() when it holds an error.
[[noreturn]] inline void throw_exception_from_error(const ClientError& e, const boost::source_location&) {
  throw std::runtime_error(e.message);
}

}  // namespace toolgate::net
