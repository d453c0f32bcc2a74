// An upstream response whose header has arrived and whose body is read incrementally or whole.
// Destroying it before the body ends closes the connection, which is how a cancelled stream stops upstream work.
#pragma once

#include "net/client_connection.hpp"
#include "net/client_error.hpp"
#include "net/connection_pool.hpp"
#include "net/http_types.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace toolgate::net {

class ClientResponse {
 public:
  using Parser = http::response_parser<http::string_body>;

  // Built by HttpClient::send once the header is parsed; `pool` receives the connection after a clean end.
  ClientResponse(std::unique_ptr<ClientConnection> conn, std::unique_ptr<Parser> parser,
                 std::shared_ptr<ConnectionPool> pool, std::string pool_key, std::string peer,
                 std::chrono::milliseconds idle_timeout, std::uint64_t max_body_bytes);
  ~ClientResponse();
  ClientResponse(const ClientResponse&) = delete;
  ClientResponse& operator=(const ClientResponse&) = delete;

  unsigned status() const;
  const http::fields& headers() const;

  // The next body bytes as they arrive (chunked framing removed); nullopt once the body has ended.
  // Waits at most idle_timeout for data; after an error the connection is closed and later calls fail too.
  boost::asio::awaitable<boost::system::result<std::optional<std::string>, ClientError>> read_some();
  boost::asio::awaitable<boost::system::result<std::string, ClientError>> read_all();

 private:
  void finish();

  std::unique_ptr<ClientConnection> conn_;
  std::unique_ptr<Parser> parser_;
  std::shared_ptr<ConnectionPool> pool_;
  std::string pool_key_;
  std::string peer_;
  std::chrono::milliseconds idle_timeout_;
  std::uint64_t max_body_bytes_;
  bool finished_ = false;
  std::optional<ClientError> error_;
};

}  // namespace toolgate::net
