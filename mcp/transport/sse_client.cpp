// Legacy HTTP+SSE client transport.
#include "mcp/transport/sse_client.hpp"

#include "mcp/jsonrpc/codec.hpp"
#include "mcp/transport/client_messages.hpp"
#include "mcp/transport/client_endpoint_url.hpp"
#include "mcp/transport/client_event_stream.hpp"
#include "mcp/transport/client_stop_signal.hpp"
#include "observability/logger.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <deque>
#include <limits>

namespace toolgate::mcp {

namespace asio = boost::asio;
namespace http = net::http;
namespace obs = toolgate::observability;

namespace detail {

// Every member after `closed` is used on `strand` only.
struct SseClientState {
  SseClientState(asio::any_io_executor ex, std::shared_ptr<net::HttpClient> http_client, SseClientOptions opts,
                 Inbound in)
      : strand(asio::make_strand(std::move(ex))),
        http(std::move(http_client)),
        options(std::move(opts)),
        inbound(std::move(in)),
        url(url_text(options.url)),
        stop(strand) {}

  asio::strand<asio::any_io_executor> strand;
  std::shared_ptr<net::HttpClient> http;
  const SseClientOptions options;
  const Inbound inbound;
  const std::string url;
  std::atomic<bool> closed{false};  // send() refuses once set

  StopSignal stop;
  bool stream_started = false;
  std::optional<net::Url> endpoint;  // from the `endpoint` event
  std::string endpoint_text;
  std::deque<jsonrpc::Message> queue;  // waiting for the endpoint, or for the POST before them
  bool pumping = false;
};

}  // namespace detail

namespace {

using detail::SseClientState;
using SendResult = boost::system::result<std::unique_ptr<net::ClientResponse>, net::ClientError>;
constexpr std::string_view kTransportName = "sse";

void spawn(const std::shared_ptr<SseClientState>& s, asio::awaitable<void> op) {
  asio::co_spawn(s->strand, std::move(op), [](std::exception_ptr e) { log_coroutine_exception(e, kTransportName); });
}

net::Request make_request(const SseClientState& s, http::verb verb, std::string target) {
  net::Request req{verb, target, 11};
  for (const auto& [name, value] : s.options.headers) {
    req.set(name, value);
  }
  return req;
}

net::ClientOptions client_options(const SseClientOptions& options, std::chrono::milliseconds idle,
                                  std::uint64_t max_body_bytes) {
  net::ClientOptions client;
  client.connect_timeout = options.connect_timeout;
  client.first_byte_timeout = options.request_timeout;
  client.idle_timeout = idle;
  client.max_body_bytes = max_body_bytes;
  return client;
}

void deliver(SseClientState& s, jsonrpc::Message message) {
  if (!s.stop.stopped()) {
    s.inbound.deliver(std::move(message));
  }
}

// The stream is the session: once it is gone nothing can be sent or received, so the transport ends.
void connection_lost(SseClientState& s, std::string_view why) {
  if (s.stop.stopped()) {
    return;
  }
  s.closed = true;
  s.stop.stop();
  s.queue.clear();
  obs::log_warn("mcp upstream SSE stream lost", {{"upstream", std::string_view(s.url)}, {"error", why}});
  if (s.inbound.closed) {
    s.inbound.closed();
  }
}

void report_failure(SseClientState& s, const std::optional<jsonrpc::Id>& id, const std::string& why) {
  obs::log_warn("mcp upstream POST failed", {{"upstream", std::string_view(s.url)}, {"error", std::string_view(why)}});
  if (id) {
    deliver(s, transport_error(*id, why));
  }
}

asio::awaitable<void> post_message(std::shared_ptr<SseClientState> s, jsonrpc::Message message) {
  std::optional<jsonrpc::Id> id;
  if (const auto* request = std::get_if<jsonrpc::Request>(&message)) {
    id = request->id;
  }
  net::Request req = make_request(*s, http::verb::post, request_target(*s->endpoint));
  req.set(http::field::content_type, "application/json");
  req.body() = jsonrpc::encode(message);
  const auto client = client_options(s->options, s->options.request_timeout, s->options.max_body_bytes);
  auto op = s->http->send(*s->endpoint, std::move(req), client);
  auto sent = co_await s->stop.until(std::move(op));
  if (!sent) {
    co_return;
  }
  if (!*sent) {
    report_failure(*s, id, str_cat("POST to ", s->endpoint_text, " failed: ", sent->error().message));
    co_return;
  }
  std::unique_ptr<net::ClientResponse> response = std::move(**sent);
  auto read = response->read_all();
  auto body = co_await s->stop.until(std::move(read));
  if (!body) {
    co_return;
  }
  // Replies travel on the stream; the POST only says whether the message was accepted (202 by convention).
  if (response->status() / 100 != 2) {
    const std::string text = *body ? std::move(**body) : std::string();
    report_failure(*s, id, http_failure_message(response->status(), s->endpoint_text, text));
  }
}

// One POST at a time, in send() order: legacy servers accept at once (202) and answer on the stream,
// so nothing is gained by overlapping them and order is kept for free.
asio::awaitable<void> pump(std::shared_ptr<SseClientState> s) {
  while (!s->queue.empty() && !s->stop.stopped()) {
    jsonrpc::Message message = std::move(s->queue.front());
    s->queue.pop_front();
    auto op = post_message(s, std::move(message));
    co_await std::move(op);
  }
  s->pumping = false;
}

void start_pump(const std::shared_ptr<SseClientState>& s) {
  if (s->endpoint && !s->pumping && !s->queue.empty()) {
    s->pumping = true;
    spawn(s, pump(s));
  }
}

void on_event(const std::shared_ptr<SseClientState>& s, const net::SseEvent& event) {
  if (event.event == "endpoint") {
    if (s->endpoint) {
      return;  // the session's endpoint is fixed by the first event
    }
    auto resolved = resolve_endpoint(s->options.url, event.data);
    if (const auto* why = std::get_if<std::string>(&resolved)) {
      connection_lost(*s, *why);
      return;
    }
    s->endpoint = std::get<net::Url>(std::move(resolved));
    s->endpoint_text = url_text(*s->endpoint);
    start_pump(s);
    return;
  }
  if (!event.event.empty() && event.event != "message") {
    return;
  }
  for (jsonrpc::Message& message : decode_server_messages(event.data, s->url)) {
    deliver(*s, std::move(message));
  }
}

asio::awaitable<void> run_stream(std::shared_ptr<SseClientState> s) {
  net::Request req = make_request(*s, http::verb::get, request_target(s->options.url));
  req.set(http::field::accept, "text/event-stream");
  req.set(http::field::cache_control, "no-cache");
  // The stream is one body for the whole session: bound each event (read_event_stream), not the total.
  const auto client =
      client_options(s->options, s->options.stream_idle_timeout, std::numeric_limits<std::uint64_t>::max());
  auto op = s->http->send(s->options.url, std::move(req), client);
  auto sent = co_await s->stop.until(std::move(op));
  if (!sent) {
    co_return;
  }
  if (!*sent) {
    connection_lost(*s, str_cat("GET ", s->url, " failed: ", sent->error().message));
    co_return;
  }
  std::unique_ptr<net::ClientResponse> response = std::move(**sent);
  if (response->status() / 100 != 2 ||
      !has_media_type(response->headers()[http::field::content_type], "text/event-stream")) {
    connection_lost(*s, str_cat("no event stream: ", http_failure_message(response->status(), s->url, "")));
    co_return;
  }
  EventStreamCursor cursor;  // unused for resumption: the legacy protocol has none
  auto read = read_event_stream(*response, cursor, s->options.max_body_bytes,
                                [s](const net::SseEvent& event) { on_event(s, event); });
  auto end = co_await s->stop.until(std::move(read));
  if (!end) {
    co_return;
  }
  connection_lost(*s, end->error ? *end->error : str_cat("the event stream from ", s->url, " ended"));
}

void enqueue(const std::shared_ptr<SseClientState>& s, jsonrpc::Message message) {
  if (s->stop.stopped()) {
    return;
  }
  s->queue.push_back(std::move(message));
  if (!s->stream_started) {
    s->stream_started = true;
    spawn(s, run_stream(s));
  }
  start_pump(s);
}

}  // namespace

SseClient::SseClient(asio::any_io_executor ex, std::shared_ptr<net::HttpClient> http, SseClientOptions options,
                     Inbound inbound)
    : state_(std::make_shared<SseClientState>(std::move(ex), std::move(http), std::move(options),
                                              std::move(inbound))) {}

SseClient::~SseClient() { close(); }

bool SseClient::send(jsonrpc::Message message, std::optional<jsonrpc::Id>) {
  if (state_->closed.load()) {
    return false;
  }
  asio::post(state_->strand, [s = state_, message = std::move(message)]() mutable { enqueue(s, std::move(message)); });
  return true;
}

void SseClient::close() {
  if (state_->closed.exchange(true)) {
    return;
  }
  asio::post(state_->strand, [s = state_] {
    s->stop.stop();
    s->queue.clear();
  });
}

}  // namespace toolgate::mcp
