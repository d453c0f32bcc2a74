// TLS client context: TLS 1.2 or newer, peer verification against the system CA store, always on.
// Tests (and private deployments) can add a CA in PEM form; verification is never switched off.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <boost/system/result.hpp>

#include <memory>
#include <string_view>

namespace toolgate::net {

std::shared_ptr<boost::asio::ssl::context> make_client_tls_context();

// Same as above, additionally trusting the CA certificate(s) in `extra_ca_pem`.
boost::system::result<std::shared_ptr<boost::asio::ssl::context>> make_client_tls_context(
    std::string_view extra_ca_pem);

}  // namespace toolgate::net
