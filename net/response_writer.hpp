// The handler's side of one HTTP exchange: a whole response, or a chunked stream flushed chunk by chunk.
// Every write has the server's write deadline; a failed write marks the connection for closing.
#pragma once

#include "net/http_types.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace toolgate::net {

class ResponseWriter {
 public:
  // Built by the server for each request. `draining` (may be null) turns keep-alive off once shutdown begins.
  ResponseWriter(boost::asio::ip::tcp::socket& socket, std::chrono::milliseconds write_timeout,
                 unsigned request_version, bool head_request, bool keep_alive, const bool* draining,
                 std::string remote_address);

  // Writes the whole response; version, keep-alive and Content-Length are set here. false = failed/timed out.
  boost::asio::awaitable<bool> send(Response res);
  // Writes `header` with Transfer-Encoding: chunked (HTTP/1.1) or as a close-delimited body (HTTP/1.0).
  boost::asio::awaitable<bool> start_stream(http::response<http::empty_body> header);
  // The same, with `first_chunk` (if not empty) sent in the same write as the header.
  boost::asio::awaitable<bool> start_stream(http::response<http::empty_body> header, std::string_view first_chunk);
  // Writes `data` as one HTTP chunk, flushed at once; empty data writes nothing.
  boost::asio::awaitable<bool> write_chunk(std::string_view data);
  // Writes the last chunk; the connection may then carry the next request.
  boost::asio::awaitable<bool> end_stream();
  // Writes `final_data` as a chunk and then the last chunk, in one write. (An overload, not a default
  // argument: GCC 12 miscompiles default arguments of coroutines.)
  boost::asio::awaitable<bool> end_stream(std::string_view final_data);

  bool started() const { return state_ != State::none; }
  // The status of the response header written so far; 0 before any.
  unsigned status() const { return status_; }
  bool failed() const { return failed_; }
  const std::string& remote_address() const { return remote_address_; }

  // A whole response went out: send() succeeded or a stream was ended.
  bool complete() const { return !failed_ && (state_ == State::sent || state_ == State::ended); }
  // The response allowed another request on this connection.
  bool keep_alive() const { return keep_alive_; }

 private:
  enum class State { none, sent, streaming, ended };

  template <typename Op>
  boost::asio::awaitable<bool> guarded(Op op);
  // Writes all of `buffers`: at once when the socket takes them (the common case, no timer race),
  // else the rest under the write deadline.
  template <typename Buffers>
  boost::asio::awaitable<bool> write_all(Buffers buffers);
  bool decide_keep_alive(bool response_allows);
  // Sets version, keep-alive and framing on a stream's header; returns it serialised.
  std::string prepare_stream_header(http::response<http::empty_body>& header);

  boost::asio::ip::tcp::socket& socket_;
  std::chrono::milliseconds write_timeout_;
  unsigned version_;
  bool head_;
  bool keep_alive_;
  const bool* draining_;
  std::string remote_address_;
  State state_ = State::none;
  unsigned status_ = 0;
  bool failed_ = false;
};

}  // namespace toolgate::net
