#include "gateway/upstream/upstream_backend.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "gateway/upstream/chunk_decoder.hpp"
#include "gateway/upstream/completion_decoder.hpp"
#include "gateway/upstream/error_mapping.hpp"
#include "gateway/upstream/request_encoder.hpp"
#include "gateway/upstream/wire_fields.hpp"
#include "net/deadline.hpp"
#include "net/sse.hpp"

namespace toolgate::gateway::upstream {
namespace {

namespace asio = boost::asio;
namespace http = net::http;
using Clock = std::chrono::steady_clock;
using backend::Error;
using backend::ErrorKind;
using backend::Event;

constexpr std::chrono::milliseconds kBaseBackoff{100};

bool retryable(net::ClientErrc code) {
  // Nothing reached the upstream's model yet: the connection failed or no byte came back.
  return code == net::ClientErrc::connect_failed || code == net::ClientErrc::timeout;
}

bool retryable(unsigned status) {
  // 500 included: vLLM and SGLang answer 500 for transient engine failures (and OpenAI's own
  // SDKs retry every 5xx); a request that keeps failing costs one more round trip at most.
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

// One generate() call: owns the decoders and the retry loop; lives in the coroutine frame.
class Exchange {
 public:
  Exchange(const UpstreamOptions& options, net::HttpClient& client, const BackendCall& call,
           EventChannel& out)
      : options_(options),
        client_(client),
        call_(call),
        out_(out),
        deadline_(Clock::now() + options.timeout) {}

  asio::awaitable<void> run() {
    const bool stream = call_.chat.stream;
    const std::string body =
        encode_upstream_request(call_.chat, call_.model, options_.dialect, stream);
    for (unsigned attempt = 0;; ++attempt) {
      const bool can_retry = attempt < options_.max_retries;
      auto sent = co_await net::race_deadline(
          client_.send(options_.base_url, build_request(body, stream), client_options()), deadline_);
      if (!sent) {
        co_await interrupted(sent.error());
        co_return;
      }
      if (sent->has_error()) {
        const net::ClientError& error = sent->error();
        if (can_retry && retryable(error.code) && co_await backoff(attempt)) continue;
        co_await fail(transport_error(error));
        co_return;
      }
      std::unique_ptr<net::ClientResponse> response = std::move(*sent).value();
      const unsigned status = response->status();
      if (status < 200 || status >= 300) {
        std::string text;
        auto read = co_await net::race_deadline(response->read_all(), deadline_);
        if (read && read->has_value()) text = std::move(read->value());
        const std::string retry_after(response->headers()[http::field::retry_after]);
        response.reset();  // releases the connection before sleeping
        if (can_retry && retryable(status) && co_await backoff(attempt)) continue;
        co_await fail(map_http_error(options_.name, status, text, retry_after));
        co_return;
      }
      // Some servers answer a streaming request with one JSON document (e.g. on cache hits).
      const auto content_type = response->headers()[http::field::content_type];
      if (stream && content_type.find("application/json") == std::string_view::npos) {
        co_await relay_stream(*response);
      } else {
        co_await relay_completion(*response);
      }
      co_return;
    }
  }

 private:
  net::Request build_request(const std::string& body, bool stream) const {
    std::string target = options_.base_url.path + "/chat/completions";
    if (!options_.base_url.query.empty()) target += "?" + options_.base_url.query;
    net::Request req{http::verb::post, target, 11};
    // Configured headers first, so the ones toolgate owns cannot be overridden by accident.
    for (const auto& [name, value] : options_.headers) req.set(name, value);
    req.set(http::field::host, options_.base_url.authority());
    req.set(http::field::user_agent, "toolgate");
    req.set(http::field::content_type, "application/json");
    req.set(http::field::accept, stream ? "text/event-stream" : "application/json");
    req.set("x-request-id", call_.request_id);
    // Only the configured key: a client's own credentials never leave toolgate.
    if (!options_.api_key.empty()) {
      req.set(http::field::authorization, "Bearer " + options_.api_key);
    } else {
      req.erase(http::field::authorization);
    }
    req.body() = body;
    req.prepare_payload();
    return req;
  }

  net::ClientOptions client_options() const {
    net::ClientOptions o;
    o.connect_timeout = options_.connect_timeout;
    o.first_byte_timeout = options_.first_byte_timeout;
    // A silent stream is judged like a silent start: reasoning models pause, but not for long.
    o.idle_timeout = options_.first_byte_timeout;
    return o;
  }

  // Sleeps 100ms·2^attempt; false when that would run past the overall deadline.
  asio::awaitable<bool> backoff(unsigned attempt) {
    const auto delay = kBaseBackoff * (1u << std::min(attempt, 10u));
    if (Clock::now() + delay >= deadline_) co_return false;
    asio::steady_timer timer(co_await asio::this_coro::executor, delay);
    auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    co_return !ec;
  }

  asio::awaitable<void> relay_stream(net::ClientResponse& response) {
    net::SseDecoder sse;
    ChunkDecoder decoder;
    std::vector<net::SseEvent> frames;
    std::vector<Event> events;
    bool done_marker = false;
    while (!done_marker) {
      auto read = co_await net::race_deadline(response.read_some(), deadline_);
      if (!read) {
        co_await interrupted(read.error());
        co_return;
      }
      if (read->has_error()) {
        if (decoder.has_finish_reason()) break;  // cut after the finish: the answer is whole
        co_await fail(transport_error(read->error()));
        co_return;
      }
      std::optional<std::string>& piece = read->value();
      if (!piece) break;
      frames.clear();
      if (!sse.feed(*piece, frames)) {
        co_await fail(wire::protocol_error("upstream sent an oversized SSE event"));
        co_return;
      }
      events.clear();
      for (const net::SseEvent& frame : frames) {
        if (frame.data == "[DONE]") {
          done_marker = true;
          break;
        }
        if (frame.event == "error") {
          decoder.on_error_event(frame.data, events);
        } else if ((frame.event.empty() || frame.event == "message") && !frame.data.empty()) {
          decoder.on_chunk(frame.data, events);
        }
        if (decoder.done()) break;
      }
      if (!co_await emit_all(events)) co_return;
      if (decoder.done()) co_return;
    }
    if (!done_marker && !decoder.has_finish_reason()) {
      co_await fail(wire::protocol_error("upstream stream ended prematurely"));
      co_return;
    }
    events.clear();
    decoder.finish(events);
    co_await emit_all(events);
  }

  asio::awaitable<void> relay_completion(net::ClientResponse& response) {
    auto read = co_await net::race_deadline(response.read_all(), deadline_);
    if (!read) {
      co_await interrupted(read.error());
      co_return;
    }
    if (read->has_error()) {
      co_await fail(transport_error(read->error()));
      co_return;
    }
    std::vector<Event> events;
    decode_completion(read->value(), events);
    co_await emit_all(events);
  }

  // False when the consumer has gone; the caller then returns at once.
  asio::awaitable<bool> emit_all(std::vector<Event>& events) {
    for (Event& event : events) {
      if (!co_await emit(std::move(event))) co_return false;
    }
    co_return true;
  }

  asio::awaitable<bool> emit(Event event) {
    if (auto* error = std::get_if<Error>(&event)) name_upstream(*error);
    auto [ec] = co_await out_.async_send(boost::system::error_code{}, std::move(event),
                                         asio::as_tuple(asio::use_awaitable));
    co_return !ec;
  }

  // A race lost to the overall deadline, or this coroutine was cancelled (nobody to tell).
  asio::awaitable<void> interrupted(const boost::system::error_code& ec) {
    if (ec == asio::error::timed_out) co_await fail(overall_timeout());
  }

  asio::awaitable<void> fail(Error error) {
    Event event = std::move(error);
    co_await emit(std::move(event));
  }

  // Decoder messages say "upstream ..."; the client should learn which upstream.
  void name_upstream(Error& error) const {
    const std::string named = "upstream '" + options_.name + "'";
    if (error.message.rfind(named, 0) == 0) return;
    constexpr std::string_view kGeneric = "upstream ";
    if (error.message.rfind(kGeneric, 0) == 0) {
      error.message = named + " " + error.message.substr(kGeneric.size());
    } else {
      error.message = named + " error: " + error.message;
    }
  }

  Error overall_timeout() const {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(options_.timeout);
    return Error{ErrorKind::upstream_timeout,
                 "upstream '" + options_.name + "' did not finish within " +
                     std::to_string(ms.count()) + " ms",
                 "", "upstream_timeout"};
  }

  Error transport_error(const net::ClientError& error) const {
    const bool timeout = error.code == net::ClientErrc::timeout;
    return Error{timeout ? ErrorKind::upstream_timeout : ErrorKind::upstream_error,
                 "upstream '" + options_.name + "' " + (timeout ? "timed out: " : "failed: ") +
                     error.message,
                 "", timeout ? "upstream_timeout" : "upstream_error"};
  }

  const UpstreamOptions& options_;
  net::HttpClient& client_;
  const BackendCall& call_;
  EventChannel& out_;
  const Clock::time_point deadline_;
};

}  // namespace

// The executor is accepted for symmetry with the other backends; all work runs on the executor
// of the coroutine that awaits generate(), so a connection's strand stays its own.
UpstreamBackend::UpstreamBackend(asio::any_io_executor /*ex*/,
                                 std::shared_ptr<net::HttpClient> client, UpstreamOptions options)
    : client_(std::move(client)), options_(std::move(options)) {}

asio::awaitable<void> UpstreamBackend::generate(const BackendCall& call, EventChannel& out) {
  std::string failure;
  try {
    Exchange exchange(options_, *client_, call, out);
    co_await exchange.run();
    co_return;
  } catch (const std::exception& e) {
    failure = e.what();
  }
  // Only allocation failures and Asio internals land here; they must not escape the coroutine.
  // A named value, not a temporary: GCC 12 mishandles non-trivial temporaries inside co_await.
  Event event = Error{ErrorKind::internal, "upstream '" + options_.name + "' failed: " + failure, "", ""};
  auto [ec] = co_await out.async_send(boost::system::error_code{}, std::move(event), asio::as_tuple(asio::use_awaitable));
  (void)ec;
}

}  // namespace toolgate::gateway::upstream
