// SSE streams of the Streamable HTTP client transport.
#include "mcp/transport/streamable_http_client_streams.hpp"

#include "mcp/transport/client_messages.hpp"
#include "observability/logger.hpp"

namespace toolgate::mcp::detail {

namespace asio = boost::asio;
namespace http = net::http;
namespace obs = toolgate::observability;

namespace {

// GET on the endpoint for an event stream, resuming after `last_event_id` when there is one.
asio::awaitable<std::optional<SendResult>> open_get(StreamableHttpState& s, const std::string& last_event_id) {
  net::Request req = make_request(s, http::verb::get);
  req.set(http::field::accept, "text/event-stream");
  if (!last_event_id.empty()) {
    req.set("Last-Event-ID", last_event_id);
  }
  co_return co_await exchange(s, std::move(req));
}

bool is_event_stream(const net::ClientResponse& response) {
  return response.status() / 100 == 2 &&
         has_media_type(response.headers()[http::field::content_type], "text/event-stream");
}

// Reads one connection's events; nullopt when close() interrupted it.
asio::awaitable<std::optional<EventStreamEnd>> read_events(StreamableHttpState& s, net::ClientResponse& response,
                                                           EventStreamCursor& cursor, const jsonrpc::Id* awaited,
                                                           bool& answered) {
  auto on_event = [&s, awaited, &answered](const net::SseEvent& event) { deliver_event(s, event, awaited, answered); };
  auto op = read_event_stream(response, cursor, s.options.max_body_bytes, std::move(on_event));
  co_return co_await s.stop.until(std::move(op));
}

}  // namespace

asio::awaitable<void> follow_request_stream(std::shared_ptr<StreamableHttpState> s,
                                            std::unique_ptr<net::ClientResponse> response, jsonrpc::Id id) {
  EventStreamCursor cursor;  // event ids of a POST's stream belong to that stream alone
  bool answered = false;
  int attempts = 0;
  std::string last_problem;
  for (;;) {
    std::size_t events = 0;
    if (response) {
      auto end = co_await read_events(*s, *response, cursor, &id, answered);
      if (!end) {
        co_return;
      }
      response.reset();
      events = end->events;
      last_problem = end->error.value_or("the stream ended");
    }
    if (answered || s->stop.stopped()) {
      co_return;
    }
    if (cursor.last_event_id.empty()) {
      // Without an event id the server cannot replay what we missed, so the response is lost.
      fail_request(*s, id, str_cat("the event stream from ", s->url, " ended before the response: ", last_problem));
      co_return;
    }
    attempts = events > 0 ? 0 : attempts + 1;
    if (attempts > s->options.max_reconnect_attempts) {
      fail_request(*s, id, str_cat("gave up resuming the event stream from ", s->url, ": ", last_problem));
      co_return;
    }
    if (!co_await s->stop.sleep(reconnect_delay(s->options, cursor, attempts))) {
      co_return;
    }
    auto reopened = co_await open_get(*s, cursor.last_event_id);
    if (!reopened) {
      co_return;
    }
    if (!*reopened) {
      last_problem = reopened->error().message;  // network trouble: try again after the next delay
      continue;
    }
    response = std::move(**reopened);
    if (!is_event_stream(*response)) {
      const unsigned status = response->status();
      auto body = co_await read_body(*s, *response);
      if (!body) {
        co_return;
      }
      const std::string text = *body ? std::move(**body) : std::string();
      fail_request(*s, id, str_cat("resuming the event stream failed: ", http_failure_message(status, s->url, text)));
      co_return;
    }
  }
}

asio::awaitable<void> run_get_stream(std::shared_ptr<StreamableHttpState> s) {
  EventStreamCursor cursor;
  int attempts = 0;
  for (;;) {
    auto opened = co_await open_get(*s, cursor.last_event_id);
    if (!opened) {
      co_return;
    }
    std::size_t events = 0;
    if (!*opened) {
      obs::log_debug("mcp upstream GET stream failed",
                     {{"upstream", std::string_view(s->url)}, {"error", std::string_view(opened->error().message)}});
    } else {
      std::unique_ptr<net::ClientResponse> response = std::move(**opened);
      const unsigned status = response->status();
      if (status == 405) {
        obs::log_debug("mcp upstream offers no GET stream", {{"upstream", std::string_view(s->url)}});
        co_return;
      }
      if (!is_event_stream(*response)) {
        // 5xx may pass; a 4xx or a body that is no event stream will not change by asking again.
        obs::log_warn("mcp upstream refused the GET stream",
                      {{"upstream", std::string_view(s->url)}, {"status", std::uint64_t{status}}});
        if (status / 100 != 5) {
          co_return;
        }
      } else {
        bool unused = false;
        auto end = co_await read_events(*s, *response, cursor, nullptr, unused);
        if (!end) {
          co_return;
        }
        events = end->events;
      }
    }
    attempts = events > 0 ? 0 : attempts + 1;
    if (attempts > s->options.max_reconnect_attempts) {
      obs::log_warn("mcp upstream GET stream given up", {{"upstream", std::string_view(s->url)}});
      co_return;
    }
    if (!co_await s->stop.sleep(reconnect_delay(s->options, cursor, attempts))) {
      co_return;
    }
  }
}

}  // namespace toolgate::mcp::detail
