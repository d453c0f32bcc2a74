#include "mcp/transport/http_session_transport.hpp"

#include <algorithm>

#include "mcp/jsonrpc/codec.hpp"

namespace toolgate::mcp {

namespace {

// A response's own id: the request whose stream it ends.
const jsonrpc::Id* response_id(const jsonrpc::Message& message) {
  if (const auto* result = std::get_if<jsonrpc::Result>(&message)) return &result->id;
  if (const auto* error = std::get_if<jsonrpc::Error>(&message)) return error->id ? &*error->id : nullptr;
  return nullptr;
}

bool is_response(const jsonrpc::Message& message) {
  return std::holds_alternative<jsonrpc::Result>(message) || std::holds_alternative<jsonrpc::Error>(message);
}

}  // namespace

HttpSessionTransport::HttpSessionTransport(Limits limits) : limits_(limits) {
  streams_.try_emplace(kStandalone, kStandalone, limits_.replay_events);
}

bool HttpSessionTransport::send(jsonrpc::Message message, std::optional<jsonrpc::Id> related) {
  const std::string json = jsonrpc::encode(message);
  const jsonrpc::Id* own = response_id(message);
  const jsonrpc::Id* owner = own != nullptr ? own : (related ? &*related : nullptr);
  std::lock_guard lock(mutex_);
  if (closed_) return false;
  StreamKey key = kStandalone;
  auto mapped = owner != nullptr ? request_streams_.find(*owner) : request_streams_.end();
  if (mapped != request_streams_.end()) key = mapped->second;
  if (is_response(message)) {
    // A response goes only to its request's stream (the GET stream must not carry responses); one whose
    // request is unknown answers something the client cancelled or never sent over HTTP, so it is dropped.
    if (own == nullptr || mapped == request_streams_.end()) return true;
    request_streams_.erase(mapped);
  }
  auto it = streams_.find(key);
  if (it == streams_.end()) it = streams_.find(kStandalone);
  record(it->second, json);
  if (is_response(message)) settle(it->first, it->second);
  return true;
}

void HttpSessionTransport::record(Stream& stream, const std::string& json) {
  stream.log.append(json);
  if (stream.waker) stream.waker->wake();
}

void HttpSessionTransport::settle(StreamKey key, Stream& stream) {
  if (stream.outstanding > 0 && --stream.outstanding == 0) {
    stream.complete = true;
    if (stream.waker) {
      stream.waker->wake();
    } else {
      retain(key, stream);  // nobody is writing it: keep it for a resuming client, within bounds
    }
  }
}

void HttpSessionTransport::retain(StreamKey key, Stream& stream) {
  if (stream.retained) return;
  stream.retained = true;
  retained_.push_back(key);
  while (retained_.size() > limits_.retained_streams) {
    auto it = streams_.find(retained_.front());
    retained_.pop_front();
    if (it == streams_.end()) continue;
    if (it->second.reader == 0) {
      streams_.erase(it);
    } else {
      it->second.retained = false;  // being replayed right now: queued again when that connection detaches
    }
  }
}

void HttpSessionTransport::close() {
  std::lock_guard lock(mutex_);
  if (closed_) return;
  closed_ = true;
  for (auto& [key, stream] : streams_) {
    if (stream.waker) stream.waker->wake();
  }
}

bool HttpSessionTransport::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

HttpSessionTransport::Opened HttpSessionTransport::open_stream(const std::vector<jsonrpc::Id>& requests) {
  std::lock_guard lock(mutex_);
  Opened out;
  out.key = next_key_++;
  auto& stream = streams_.try_emplace(out.key, out.key, limits_.replay_events).first->second;
  out.accepted.reserve(requests.size());
  for (const auto& id : requests) {
    const bool fresh = request_streams_.emplace(id, out.key).second;
    out.accepted.push_back(fresh);
    if (fresh) ++stream.outstanding;
  }
  stream.complete = stream.outstanding == 0;
  return out;
}

void HttpSessionTransport::append(StreamKey key, const jsonrpc::Message& message) {
  const std::string json = jsonrpc::encode(message);
  std::lock_guard lock(mutex_);
  auto it = streams_.find(key);
  if (it != streams_.end()) record(it->second, json);
}

void HttpSessionTransport::cancelled(const jsonrpc::Id& request) {
  std::lock_guard lock(mutex_);
  auto mapped = request_streams_.find(request);
  if (mapped == request_streams_.end()) return;
  const StreamKey key = mapped->second;
  request_streams_.erase(mapped);
  auto it = streams_.find(key);
  if (it != streams_.end()) settle(key, it->second);
}

std::size_t HttpSessionTransport::requests_in_flight() const {
  std::lock_guard lock(mutex_);
  return request_streams_.size();
}

std::variant<std::unique_ptr<StreamReader>, HttpSessionTransport::AttachError> HttpSessionTransport::attach(
    StreamKey key, std::optional<std::uint64_t> after_seq, bool take_over, boost::asio::any_io_executor executor) {
  std::lock_guard lock(mutex_);
  if (closed_) return AttachError::closed;
  auto it = streams_.find(key);
  if (it == streams_.end()) return AttachError::unknown_stream;
  Stream& stream = it->second;
  if (stream.reader != 0) {
    if (!take_over) return AttachError::busy;
    stream.waker->wake();  // the old connection sees it lost the stream and ends its response
  }
  stream.reader = next_token_++;
  stream.waker = std::make_shared<StreamWaker>(std::move(executor));
  const std::uint64_t from = after_seq ? std::min(*after_seq + 1, stream.log.next_seq()) : stream.cursor;
  return std::unique_ptr<StreamReader>(new StreamReader(shared_from_this(), key, stream.reader, from, stream.waker));
}

SsePull HttpSessionTransport::pull(StreamKey key, std::uint64_t token, std::uint64_t from, std::uint64_t& upto) {
  std::lock_guard lock(mutex_);
  SsePull out;
  auto it = streams_.find(key);
  if (it == streams_.end() || it->second.reader != token) {
    out.last = true;  // superseded by a resuming connection, or gone with the session
    upto = from;
    return out;
  }
  const Stream& stream = it->second;
  upto = stream.log.collect(from, out.data);
  out.last = closed_ || (stream.complete && upto == stream.log.next_seq());
  return out;
}

void HttpSessionTransport::advance(StreamKey key, std::uint64_t token, std::uint64_t next) {
  std::lock_guard lock(mutex_);
  auto it = streams_.find(key);
  if (it != streams_.end() && it->second.reader == token) it->second.cursor = next;
}

void HttpSessionTransport::detach(StreamKey key, std::uint64_t token) {
  std::lock_guard lock(mutex_);
  auto it = streams_.find(key);
  if (it == streams_.end() || it->second.reader != token) return;
  Stream& stream = it->second;
  stream.reader = 0;
  stream.waker.reset();
  // Even a stream whose end went out is kept: a write into the socket buffer does not prove the client
  // read it (we do not read while streaming, so a client that dropped is noticed only later).
  if (key != kStandalone && stream.complete) retain(key, stream);
}

StreamReader::StreamReader(std::shared_ptr<HttpSessionTransport> transport, HttpSessionTransport::StreamKey key,
                           std::uint64_t token, std::uint64_t next, std::shared_ptr<StreamWaker> waker)
    : transport_(std::move(transport)),
      key_(key),
      token_(token),
      next_(next),
      pulled_upto_(next),
      waker_(std::move(waker)) {}

StreamReader::~StreamReader() { finish(); }

SsePull StreamReader::pull() { return transport_->pull(key_, token_, next_, pulled_upto_); }

void StreamReader::written() {
  next_ = pulled_upto_;
  transport_->advance(key_, token_, next_);
}

void StreamReader::finish() {
  if (finished_) return;
  finished_ = true;
  transport_->detach(key_, token_);
}

std::string StreamReader::priming_id() const { return event_id(EventPosition{key_, next_ - 1}); }

}  // namespace toolgate::mcp
