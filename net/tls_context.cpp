// TLS client context construction.
#include "net/tls_context.hpp"

#include <boost/asio/buffer.hpp>

#include <openssl/ssl.h>

namespace toolgate::net {

namespace ssl = boost::asio::ssl;

std::shared_ptr<ssl::context> make_client_tls_context() {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                   ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  boost::system::error_code ec;
  // A host without a system CA store still gets a working context; every handshake then fails verification.
  ctx->set_default_verify_paths(ec);
  ctx->set_verify_mode(ssl::verify_peer);
  return ctx;
}

boost::system::result<std::shared_ptr<ssl::context>> make_client_tls_context(std::string_view extra_ca_pem) {
  auto ctx = make_client_tls_context();
  boost::system::error_code ec;
  ctx->add_certificate_authority(boost::asio::buffer(extra_ca_pem.data(), extra_ca_pem.size()), ec);
  if (ec) {
    return ec;
  }
  return ctx;
}

}  // namespace toolgate::net
