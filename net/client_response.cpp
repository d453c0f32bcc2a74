// Incremental response body reading.
#include "net/client_response.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/read.hpp>

namespace toolgate::net {

namespace asio = boost::asio;

ClientResponse::ClientResponse(std::unique_ptr<ClientConnection> conn, std::unique_ptr<Parser> parser,
                               std::shared_ptr<ConnectionPool> pool, std::string pool_key, std::string peer,
                               std::chrono::milliseconds idle_timeout, std::uint64_t max_body_bytes)
    : conn_(std::move(conn)),
      parser_(std::move(parser)),
      pool_(std::move(pool)),
      pool_key_(std::move(pool_key)),
      peer_(std::move(peer)),
      idle_timeout_(idle_timeout),
      max_body_bytes_(max_body_bytes) {}

ClientResponse::~ClientResponse() {
  if (conn_) {
    conn_->close();
  }
}

unsigned ClientResponse::status() const { return parser_->get().result_int(); }

const http::fields& ClientResponse::headers() const { return parser_->get(); }

void ClientResponse::finish() {
  finished_ = true;
  if (conn_ && parser_->get().keep_alive() && conn_->buffer().size() == 0) {
    pool_->put(pool_key_, std::move(conn_));
  }
}

asio::awaitable<boost::system::result<std::optional<std::string>, ClientError>> ClientResponse::read_some() {
  if (error_) {
    co_return *error_;
  }
  for (;;) {
    auto& body = parser_->get().body();
    if (!body.empty()) {
      std::string out;
      out.swap(body);
      if (parser_->is_done() && !finished_) {
        finish();
      }
      co_return std::optional<std::string>(std::move(out));
    }
    if (parser_->is_done()) {
      if (!finished_) {
        finish();
      }
      co_return std::optional<std::string>();
    }
    auto read = co_await race_deadline(conn_->with_stream([this](auto& s) {
      return http::async_read_some(s, conn_->buffer(), *parser_, asio::as_tuple(asio::use_awaitable));
    }),
                                       deadline_after(idle_timeout_));
    boost::system::error_code ec = read ? std::get<0>(*read) : read.error();
    if (!ec) {
      continue;
    }
    conn_->close();
    conn_.reset();
    if (ec == asio::error::timed_out) {
      error_ = ClientError{ClientErrc::timeout, "no response data from " + peer_ + " for " +
                                                    std::to_string(idle_timeout_.count()) + " ms"};
    } else if (ec == asio::error::operation_aborted) {
      error_ = ClientError{ClientErrc::cancelled, "reading the response from " + peer_ + " was cancelled"};
    } else if (ec == http::error::body_limit) {
      error_ = ClientError{ClientErrc::body_too_large, "response body from " + peer_ + " exceeds the " +
                                                           std::to_string(max_body_bytes_) + "-byte limit"};
    } else {
      error_ = ClientError{ClientErrc::protocol_error,
                           "response body from " + peer_ + " ended early: " + ec.message()};
    }
    co_return *error_;
  }
}

asio::awaitable<boost::system::result<std::string, ClientError>> ClientResponse::read_all() {
  std::string all;
  for (;;) {
    auto part = co_await read_some();
    if (!part) {
      co_return part.error();
    }
    if (!*part) {
      co_return all;
    }
    all.append(**part);
  }
}

}  // namespace toolgate::net
