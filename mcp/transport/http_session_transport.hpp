// The Transport of one Streamable HTTP session: puts each outgoing message on the stream of the client
// request it belongs to (or on the standalone GET stream), keeps every stream's recent events for
// Last-Event-ID replay, and lets HTTP connections attach to a stream to write it. Thread-safe.
#pragma once

#include <boost/asio/any_io_executor.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "mcp/jsonrpc/message.hpp"
#include "mcp/session/transport.hpp"
#include "mcp/transport/event_log.hpp"
#include "mcp/transport/sse_pump.hpp"
#include "mcp/transport/stream_waker.hpp"

namespace toolgate::mcp {

class StreamReader;

class HttpSessionTransport final : public Transport, public std::enable_shared_from_this<HttpSessionTransport> {
 public:
  using StreamKey = std::uint64_t;
  // The standalone stream (GET without Last-Event-ID) carries what belongs to no client request.
  static constexpr StreamKey kStandalone = 0;

  struct Limits {
    std::size_t replay_events = 256;   // events kept per stream
    std::size_t retained_streams = 16; // finished request streams kept for replay
  };

  explicit HttpSessionTransport(Limits limits);

  bool send(jsonrpc::Message message, std::optional<jsonrpc::Id> related) override;
  void close() override;
  bool closed() const;

  // A POST's stream, waiting for the responses to `requests`. An id already in flight (or repeated in
  // `requests`) is not registered: `accepted[i]` is false for it, and it is to be answered with an error.
  struct Opened {
    StreamKey key = 0;
    std::vector<bool> accepted;
  };
  Opened open_stream(const std::vector<jsonrpc::Id>& requests);
  // Adds a message the transport answers itself (a decode reject) to `key`'s stream.
  void append(StreamKey key, const jsonrpc::Message& message);
  // The client cancelled `request`: its response will not come, so its stream stops waiting for it.
  void cancelled(const jsonrpc::Id& request);
  // Client requests whose responses have not been sent yet.
  std::size_t requests_in_flight() const;

  enum class AttachError { unknown_stream, busy, closed };
  // A connection that will write `key`'s stream, from the event after `after_seq` (a Last-Event-ID),
  // else from the first event no earlier connection wrote. A stream has one writer: `take_over` ends
  // the current one (a client resuming knows its old connection is dead), otherwise it is `busy`.
  std::variant<std::unique_ptr<StreamReader>, AttachError> attach(StreamKey key, std::optional<std::uint64_t> after_seq,
                                                                  bool take_over, boost::asio::any_io_executor executor);

 private:
  friend class StreamReader;

  struct Stream {
    Stream(StreamKey key, std::size_t capacity) : log(key, capacity) {}
    EventLog log;
    std::size_t outstanding = 0;             // requests of a POST stream not answered yet
    bool complete = false;                   // a POST stream whose requests are all answered
    bool retained = false;                   // queued in retained_
    std::uint64_t cursor = 1;                // first seq no connection has written yet
    std::uint64_t reader = 0;                // token of the attached connection; 0 = none
    std::shared_ptr<StreamWaker> waker;      // the attached connection's
  };

  void record(Stream& stream, const std::string& json);  // mutex held
  void settle(StreamKey key, Stream& stream);            // mutex held: one request of `stream` is done
  void retain(StreamKey key, Stream& stream);            // mutex held: a finished stream, kept for replay
  SsePull pull(StreamKey key, std::uint64_t token, std::uint64_t from, std::uint64_t& upto);
  void advance(StreamKey key, std::uint64_t token, std::uint64_t next);
  void detach(StreamKey key, std::uint64_t token);

  const Limits limits_;
  mutable std::mutex mutex_;  // guards everything below
  bool closed_ = false;
  StreamKey next_key_ = 1;
  std::uint64_t next_token_ = 1;
  std::map<StreamKey, Stream> streams_;
  std::map<jsonrpc::Id, StreamKey> request_streams_;  // client request id → the stream its response goes to
  std::deque<StreamKey> retained_;                     // finished streams kept for replay, oldest first
};

// One connection writing one stream; feeds pump_sse. Detaches when destroyed.
class StreamReader {
 public:
  ~StreamReader();
  StreamReader(const StreamReader&) = delete;
  StreamReader& operator=(const StreamReader&) = delete;

  SsePull pull();
  void written();
  // The connection is done with the stream; what it wrote stays available for replay.
  void finish();
  StreamWaker& waker() { return *waker_; }
  // Names the position just before the first event this connection writes: the priming event's id.
  std::string priming_id() const;

 private:
  friend class HttpSessionTransport;
  StreamReader(std::shared_ptr<HttpSessionTransport> transport, HttpSessionTransport::StreamKey key,
               std::uint64_t token, std::uint64_t next, std::shared_ptr<StreamWaker> waker);

  std::shared_ptr<HttpSessionTransport> transport_;
  HttpSessionTransport::StreamKey key_;
  std::uint64_t token_;
  std::uint64_t next_;
  std::uint64_t pulled_upto_;
  std::shared_ptr<StreamWaker> waker_;
  bool finished_ = false;
};

}  // namespace toolgate::mcp
