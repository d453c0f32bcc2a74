#include "net/tls_context.hpp"

#include "net/http_client.hpp"
#include "tests/net/net_test_support.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <mutex>

namespace toolgate::net {
namespace {

using namespace testing;
namespace ssl = asio::ssl;

struct TestCert {
  std::string cert_pem;
  std::string key_pem;
};

std::string bio_string(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(n));
}

// A throw-away self-signed certificate for DNS name `host`, made fresh for every test run.
TestCert make_self_signed(const std::string& host) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(host.c_str()), -1, -1,
                             0);
  X509_set_issuer_name(cert, name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  const std::string san = "DNS:" + host;
  for (const auto& [nid, value] : {std::pair{NID_subject_alt_name, san.c_str()},
                                   std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
  }
  X509_sign(cert, key, EVP_sha256());

  TestCert out;
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  out.cert_pem = bio_string(bio);
  BIO_free(bio);
  bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  out.key_pem = bio_string(bio);
  BIO_free(bio);
  X509_free(cert);
  EVP_PKEY_free(key);
  return out;
}

// A minimal Beast HTTPS server: one coroutine per connection, answers every request with "secure".
class TlsServer {
 public:
  TlsServer(asio::io_context& ioc, const TestCert& cert) : ctx_(ssl::context::tls_server), acceptor_(ioc) {
    ctx_.use_certificate_chain(asio::buffer(cert.cert_pem));
    ctx_.use_private_key(asio::buffer(cert.key_pem), ssl::context::pem);
    acceptor_.open(tcp::v4());
    acceptor_.bind(tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    acceptor_.listen();
    asio::co_spawn(acceptor_.get_executor(), accept_loop(), asio::detached);
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  std::string last_sni() {
    std::lock_guard lock(mutex_);
    return sni_;
  }

 private:
  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(asio::as_tuple(asio::use_awaitable));
      if (ec) {
        co_return;
      }
      auto ex = socket.get_executor();
      asio::co_spawn(ex, serve(std::move(socket)), asio::detached);
    }
  }
  asio::awaitable<void> serve(tcp::socket socket) {
    ssl::stream<tcp::socket> stream(std::move(socket), ctx_);
    auto [hs] = co_await stream.async_handshake(ssl::stream_base::server, asio::as_tuple(asio::use_awaitable));
    if (hs) {
      co_return;
    }
    if (const char* sni = SSL_get_servername(stream.native_handle(), TLSEXT_NAMETYPE_host_name)) {
      std::lock_guard lock(mutex_);
      sni_ = sni;
    }
    boost::beast::flat_buffer buffer;
    Request req;
    auto [rec, rn] = co_await http::async_read(stream, buffer, req, asio::as_tuple(asio::use_awaitable));
    if (rec) {
      co_return;
    }
    Response res{http::status::ok, 11};
    res.body() = "secure";
    res.keep_alive(false);
    res.prepare_payload();
    co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
    co_await stream.async_shutdown(asio::as_tuple(asio::use_awaitable));
  }

  ssl::context ctx_;
  tcp::acceptor acceptor_;
  std::mutex mutex_;
  std::string sni_;
};

class TlsTest : public ::testing::Test {
 protected:
  TlsTest() : io_(1), cert_(make_self_signed("localhost")), server_(io_.ioc, cert_) {}
  ~TlsTest() override { io_.stop(); }

  // Returns the body, or "error <code>: <message>".
  std::string fetch(std::shared_ptr<ssl::context> ctx, const std::string& host) {
    HttpClient client(io_.ioc.get_executor(), std::move(ctx));
    auto url = *parse_url("https://" + host + ":" + std::to_string(server_.port()) + "/");
    return run_co(asio::make_strand(io_.ioc), [&]() -> asio::awaitable<std::string> {
      auto res = co_await client.send(url, Request{http::verb::get, "/", 11}, {});
      if (!res) {
        co_return "error " + std::to_string(static_cast<int>(res.error().code)) + ": " + res.error().message;
      }
      auto body = co_await (*res)->read_all();
      co_return body ? *body : "error body: " + body.error().message;
    }());
  }

  IoThreads io_;
  TestCert cert_;
  TlsServer server_;
};

const std::string kTlsFailed = "error " + std::to_string(static_cast<int>(ClientErrc::tls_failed)) + ": ";

TEST_F(TlsTest, UntrustedSelfSignedCertificateFailsVerification) {
  const std::string result = fetch(make_client_tls_context(), "localhost");
  EXPECT_TRUE(result.starts_with(kTlsFailed)) << result;
  EXPECT_NE(result.find("certificate verify failed"), std::string::npos) << result;
}

TEST_F(TlsTest, TrustedCertificateSucceedsAndSendsSni) {
  auto ctx = make_client_tls_context(cert_.cert_pem);
  ASSERT_TRUE(ctx) << ctx.error().message();
  EXPECT_EQ(fetch(*ctx, "localhost"), "secure");
  EXPECT_EQ(server_.last_sni(), "localhost");
}

TEST_F(TlsTest, HostNameMustMatchEvenForATrustedCertificate) {
  auto ctx = make_client_tls_context(cert_.cert_pem);
  ASSERT_TRUE(ctx);
  const std::string result = fetch(*ctx, "127.0.0.1");  // the certificate names only localhost
  EXPECT_TRUE(result.starts_with(kTlsFailed)) << result;
}

TEST(TlsContext, RejectsAMalformedExtraCa) {
  EXPECT_FALSE(make_client_tls_context("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n"));
  auto ctx = make_client_tls_context();
  EXPECT_EQ(SSL_CTX_get_verify_mode(ctx->native_handle()), SSL_VERIFY_PEER);
  EXPECT_EQ(SSL_CTX_get_min_proto_version(ctx->native_handle()), TLS1_2_VERSION);
}

}  // namespace
}  // namespace toolgate::net
