#include "mcp/transport/line_transport.hpp"

#include "mcp/jsonrpc/codec.hpp"
#include "net/line_splitter.hpp"
#include "observability/logger.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <deque>
#include <mutex>
#include <tuple>
#include <vector>

namespace toolgate::mcp {

namespace asio = boost::asio;
using boost::system::error_code;
using observability::log_warn;

namespace {

constexpr std::size_t read_chunk = 64 * 1024;

// A write to a pipe whose reader is gone must fail with EPIPE, not kill the process with SIGPIPE.
void ignore_sigpipe_once() {
  static std::once_flag once;
  std::call_once(once, [] { ::signal(SIGPIPE, SIG_IGN); });
}

std::string_view trim(std::string_view text) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && blank(text.back())) text.remove_suffix(1);
  return text;
}

// One message as one line. Params and results are embedded as given; a raw CR or LF in them can only be
// insignificant whitespace (JSON strings escape both), so turning it into a space keeps the JSON and the framing.
std::string frame(const jsonrpc::Message& message) {
  std::string line = jsonrpc::encode(message);
  std::replace_if(line.begin(), line.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  line.push_back('\n');
  return line;
}

}  // namespace

struct LineTransport::State : std::enable_shared_from_this<State> {
  State(asio::any_io_executor ex, asio::posix::stream_descriptor in, asio::posix::stream_descriptor out,
        Inbound in_callbacks, LineTransportOptions opts)
      : strand(asio::make_strand(ex)),
        input(std::move(in)),
        output(std::move(out)),
        inbound(std::move(in_callbacks)),
        options(std::move(opts)),
        flush_timer(strand) {}

  asio::strand<asio::any_io_executor> strand;
  asio::posix::stream_descriptor input;   // touched on the strand only
  asio::posix::stream_descriptor output;  // likewise
  Inbound inbound;
  const LineTransportOptions options;
  asio::steady_timer flush_timer;
  std::atomic<bool> delivering{true};  // cleared by close(): nothing reaches the session after it

  mutable std::mutex mutex;  // guards the fields below; send() runs on any thread
  std::deque<std::string> queue;
  std::size_t queued_bytes = 0;    // in `queue`
  std::size_t inflight_bytes = 0;  // taken by the writer, not yet written
  bool writing = false;            // a writer coroutine is running or posted
  bool closed = false;             // no more sends
  std::optional<std::string> failure;

  bool enqueue(std::string line);
  void close(bool flush, std::optional<std::string> reason);
  void shutdown(bool flush);
  void on_line(const net::Line& line);
  // Each coroutine's frame holds the state through its parameter, from creation on.
  asio::awaitable<void> read_loop(std::shared_ptr<State> keep_alive);
  asio::awaitable<void> write_loop(std::shared_ptr<State> keep_alive);
};

bool LineTransport::State::enqueue(std::string line) {
  bool accepted = false;
  bool start_writer = false;
  {
    std::lock_guard lock(mutex);
    if (closed) return false;
    if (queued_bytes + inflight_bytes + line.size() <= options.max_queued_bytes) {
      accepted = true;
      queued_bytes += line.size();
      queue.push_back(std::move(line));
      start_writer = !std::exchange(writing, true);
    }
  }
  if (accepted) {
    if (start_writer) asio::co_spawn(strand, write_loop(shared_from_this()), asio::detached);
    return true;
  }
  close(false, "the peer stopped reading: more than " + std::to_string(options.max_queued_bytes) +
                   " bytes are waiting to be written");
  return false;
}

void LineTransport::State::close(bool flush, std::optional<std::string> reason) {
  {
    std::lock_guard lock(mutex);
    if (closed) return;
    closed = true;
    failure = reason;
    if (!flush) {
      queue.clear();
      queued_bytes = 0;
    }
  }
  delivering = false;
  if (reason) log_warn("closing MCP line transport", {{"transport", options.name}, {"reason", *reason}});
  asio::post(strand, [self = shared_from_this(), flush] { self->shutdown(flush); });
}

// On the strand. The reader stops now; the output closes once the writer has drained the queue (it checks
// `closed` when it runs dry), or at the flush deadline, or at once when not flushing.
void LineTransport::State::shutdown(bool flush) {
  error_code ignored;
  input.close(ignored);
  bool idle = false;
  {
    std::lock_guard lock(mutex);
    idle = !writing;
  }
  if (idle || !flush) {
    output.close(ignored);
    return;
  }
  flush_timer.expires_after(options.flush_timeout);
  flush_timer.async_wait([self = shared_from_this()](error_code ec) {
    if (ec) return;  // the writer finished first
    error_code ignored_close;
    self->output.close(ignored_close);
  });
}

void LineTransport::State::on_line(const net::Line& line) {
  if (!delivering) return;
  if (line.overlong) {
    enqueue(frame(jsonrpc::Error{std::nullopt, jsonrpc::code::invalid_request,
                                 "message longer than the " + std::to_string(options.max_line_bytes) +
                                     "-byte line limit",
                                 std::nullopt}));
    return;
  }
  const std::string_view text = trim(line.text);
  if (text.empty()) return;
  jsonrpc::DecodeOptions decode_options;
  decode_options.allow_batch = inbound.batches_allowed && inbound.batches_allowed();
  jsonrpc::Decoded decoded = jsonrpc::decode(text, decode_options);
  for (auto& message : decoded.messages) {
    if (delivering && inbound.deliver) inbound.deliver(std::move(message));
  }
  for (const auto& reject : decoded.rejects) enqueue(frame(reject));
}

asio::awaitable<void> LineTransport::State::read_loop(std::shared_ptr<State> /*keep_alive*/) {
  net::LineSplitter splitter(options.max_line_bytes);
  std::vector<char> chunk(read_chunk);
  error_code ec;
  while (!ec) {
    std::size_t n = 0;
    std::tie(ec, n) = co_await input.async_read_some(asio::buffer(chunk), asio::as_tuple(asio::use_awaitable));
    splitter.push(std::string_view(chunk.data(), n));
    while (auto line = splitter.next()) on_line(*line);
  }
  if (ec == asio::error::eof) {
    if (auto tail = splitter.finish()) on_line(*tail);
  } else if (delivering && ec != asio::error::operation_aborted) {
    log_warn("MCP line transport read failed", {{"transport", options.name}, {"error", ec.message()}});
  }
  error_code ignored;
  input.close(ignored);
  if (inbound.closed) inbound.closed();
}

asio::awaitable<void> LineTransport::State::write_loop(std::shared_ptr<State> /*keep_alive*/) {
  std::vector<std::string> batch;
  std::vector<asio::const_buffer> buffers;
  for (;;) {
    {
      std::lock_guard lock(mutex);
      if (queue.empty()) {
        writing = false;
        break;
      }
      batch.assign(std::make_move_iterator(queue.begin()), std::make_move_iterator(queue.end()));
      queue.clear();
      inflight_bytes = std::exchange(queued_bytes, 0);
    }
    buffers.clear();
    for (const auto& line : batch) buffers.push_back(asio::buffer(line));
    auto [ec, written] = co_await asio::async_write(output, buffers, asio::as_tuple(asio::use_awaitable));
    {
      std::lock_guard lock(mutex);
      inflight_bytes = 0;
      if (ec) writing = false;
    }
    if (ec) {
      if (ec != asio::error::operation_aborted) close(false, "write failed: " + ec.message());
      co_return;
    }
  }
  bool done = false;
  {
    std::lock_guard lock(mutex);
    done = closed;
  }
  if (done) {
    error_code ignored;
    output.close(ignored);
    flush_timer.cancel();
  }
}

std::unique_ptr<LineTransport> LineTransport::start(asio::any_io_executor ex, asio::posix::stream_descriptor input,
                                                    asio::posix::stream_descriptor output, Inbound inbound,
                                                    LineTransportOptions options) {
  ignore_sigpipe_once();
  auto state = std::make_shared<State>(std::move(ex), std::move(input), std::move(output), std::move(inbound),
                                       std::move(options));
  asio::co_spawn(state->strand, state->read_loop(state), asio::detached);
  return std::unique_ptr<LineTransport>(new LineTransport(std::move(state)));
}

LineTransport::LineTransport(std::shared_ptr<State> state) : state_(std::move(state)) {}

LineTransport::~LineTransport() { close(); }

bool LineTransport::send(jsonrpc::Message message, std::optional<jsonrpc::Id> /*related*/) {
  return state_->enqueue(frame(message));
}

void LineTransport::close() { state_->close(true, std::nullopt); }

std::optional<std::string> LineTransport::failure() const {
  std::lock_guard lock(state_->mutex);
  return state_->failure;
}

}  // namespace toolgate::mcp
