// Response writing for the HTTP server.
#include "net/response_writer.hpp"

#include "net/deadline.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_cat.hpp>
#include <boost/beast/core/buffers_suffix.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>

namespace toolgate::net {

namespace asio = boost::asio;
using WriteResult = std::tuple<boost::system::error_code, std::size_t>;

ResponseWriter::ResponseWriter(asio::ip::tcp::socket& socket, std::chrono::milliseconds write_timeout,
                               unsigned request_version, bool head_request, bool keep_alive, const bool* draining,
                               std::string remote_address)
    : socket_(socket),
      write_timeout_(write_timeout),
      version_(request_version),
      head_(head_request),
      keep_alive_(keep_alive),
      draining_(draining),
      remote_address_(std::move(remote_address)) {}

bool ResponseWriter::decide_keep_alive(bool response_allows) {
  keep_alive_ = keep_alive_ && response_allows && !(draining_ != nullptr && *draining_);
  return keep_alive_;
}

template <typename Op>
asio::awaitable<bool> ResponseWriter::guarded(Op op) {
  if (failed_) {
    co_return false;
  }
  try {
    auto result = co_await race_deadline<WriteResult>(op(), deadline_after(write_timeout_));
    if (!result || std::get<0>(*result)) {
      failed_ = true;
    }
  } catch (const boost::system::system_error&) {
    failed_ = true;  // the session was cancelled before the write could start
  }
  co_return !failed_;
}

template <typename Buffers>
asio::awaitable<bool> ResponseWriter::write_all(Buffers buffers) {
  if (failed_) {
    co_return false;
  }
  // Racing a timer costs two spawned coroutines per write; a socket with room takes the bytes
  // in one non-blocking send, so the race is only needed for what is left over.
  boost::system::error_code ec;
  std::size_t written = 0;
  socket_.non_blocking(true, ec);
  if (!ec) {
    written = socket_.write_some(buffers, ec);
  }
  const std::size_t total = asio::buffer_size(buffers);
  if (!ec && written == total) {
    co_return true;
  }
  if (ec && ec != asio::error::would_block && ec != asio::error::try_again) {
    failed_ = true;
    co_return false;
  }
  boost::beast::buffers_suffix<Buffers> rest(buffers);
  rest.consume(written);
  co_return co_await guarded([&] { return asio::async_write(socket_, rest, asio::as_tuple(asio::use_awaitable)); });
}

asio::awaitable<bool> ResponseWriter::send(Response res) {
  if (state_ != State::none) {
    co_return false;
  }
  state_ = State::sent;
  status_ = res.result_int();
  const bool keep = decide_keep_alive(res.keep_alive());
  res.version(version_);
  res.keep_alive(keep);
  res.prepare_payload();
  if (head_) {
    http::response_serializer<http::string_body> sr(res);
    co_return co_await guarded([&] { return http::async_write_header(socket_, sr, asio::as_tuple(asio::use_awaitable)); });
  }
  co_return co_await guarded([&] { return http::async_write(socket_, res, asio::as_tuple(asio::use_awaitable)); });
}

std::string ResponseWriter::prepare_stream_header(http::response<http::empty_body>& header) {
  // HTTP/1.0 has no chunked coding: the body is delimited by closing the connection.
  const bool keep = decide_keep_alive(header.keep_alive() && version_ >= 11);
  header.version(version_);
  header.keep_alive(keep);
  if (version_ >= 11) {
    header.chunked(true);
  } else {
    header.erase(http::field::transfer_encoding);
    header.erase(http::field::content_length);
  }
  std::string out;
  http::response_serializer<http::empty_body> sr(header);
  sr.split(true);
  boost::system::error_code ec;
  while (!ec && !sr.is_header_done()) {
    sr.next(ec, [&](boost::system::error_code&, const auto& buffers) {
      const std::size_t before = out.size();
      out.resize(before + asio::buffer_size(buffers));
      asio::buffer_copy(asio::buffer(out.data() + before, out.size() - before), buffers);
      sr.consume(out.size() - before);
    });
  }
  return out;
}

asio::awaitable<bool> ResponseWriter::start_stream(http::response<http::empty_body> header) {
  co_return co_await start_stream(std::move(header), std::string_view{});
}

asio::awaitable<bool> ResponseWriter::start_stream(http::response<http::empty_body> header,
                                                   std::string_view first_chunk) {
  if (state_ != State::none) {
    co_return false;
  }
  state_ = State::streaming;
  status_ = header.result_int();
  const std::string head = prepare_stream_header(header);
  // Named buffer sequences, never temporaries inside co_await: GCC 12 miscompiles those.
  const auto head_buf = asio::buffer(head);
  if (first_chunk.empty() || head_) {
    co_return co_await write_all(head_buf);
  }
  const auto data = asio::buffer(first_chunk.data(), first_chunk.size());
  if (version_ < 11) {
    auto both = boost::beast::buffers_cat(head_buf, data);
    co_return co_await write_all(both);
  }
  auto chunk = http::make_chunk(data);
  auto both = boost::beast::buffers_cat(head_buf, chunk);
  co_return co_await write_all(both);
}

asio::awaitable<bool> ResponseWriter::write_chunk(std::string_view data) {
  if (state_ != State::streaming || failed_) {
    co_return false;
  }
  if (data.empty() || head_) {
    co_return true;
  }
  // Buffer sequences are named locals, never temporaries inside co_await: GCC 12 miscompiles those.
  const auto buf = asio::buffer(data.data(), data.size());
  if (version_ < 11) {
    co_return co_await write_all(buf);
  }
  auto chunk = http::make_chunk(buf);
  co_return co_await write_all(chunk);
}

asio::awaitable<bool> ResponseWriter::end_stream() { return end_stream(std::string_view{}); }

asio::awaitable<bool> ResponseWriter::end_stream(std::string_view final_data) {
  if (state_ != State::streaming || failed_) {
    co_return false;
  }
  const auto data = asio::buffer(final_data.data(), final_data.size());
  if (!final_data.empty() && !head_ && version_ < 11) {
    if (!co_await write_all(data)) {
      co_return false;
    }
  }
  state_ = State::ended;
  if (head_ || version_ < 11) {
    co_return true;
  }
  auto last = http::make_chunk_last();
  if (final_data.empty()) {
    co_return co_await write_all(last);
  }
  auto chunk = http::make_chunk(data);
  auto both = boost::beast::buffers_cat(chunk, last);
  co_return co_await write_all(both);
}

}  // namespace toolgate::net
