// Streamable HTTP client transport: the outbound queue, one POST per message, session teardown.
#include "mcp/transport/streamable_http_client.hpp"

#include "mcp/jsonrpc/codec.hpp"
#include "mcp/transport/client_messages.hpp"
#include "mcp/transport/streamable_http_client_state.hpp"
#include "mcp/transport/streamable_http_client_streams.hpp"
#include "observability/logger.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>

namespace toolgate::mcp {

namespace asio = boost::asio;
namespace http = net::http;
namespace obs = toolgate::observability;
using detail::StreamableHttpState;

namespace {

constexpr std::string_view kTransportName = "streamable_http";

void spawn(const std::shared_ptr<StreamableHttpState>& s, asio::awaitable<void> op) {
  asio::co_spawn(s->strand, std::move(op), [](std::exception_ptr e) { log_coroutine_exception(e, kTransportName); });
}

bool is_initialized_notification(const jsonrpc::Message& message) {
  const auto* notification = std::get_if<jsonrpc::Notification>(&message);
  return notification != nullptr && notification->method == "notifications/initialized";
}

// A failed POST: a request gets an error in place of its response; a notification or response has no one
// waiting for it, so it is only logged.
void report_failure(StreamableHttpState& s, const std::optional<jsonrpc::Id>& id, const std::string& why) {
  if (id) {
    detail::fail_request(s, *id, why);
  } else {
    obs::log_warn("mcp upstream dropped a message",
                  {{"upstream", std::string_view(s.url)}, {"error", std::string_view(why)}});
  }
}

// The reply to a POSTed request with Content-Type application/json: the response, perhaps with others.
asio::awaitable<void> take_json_reply(std::shared_ptr<StreamableHttpState> s, net::ClientResponse& response,
                                      jsonrpc::Id id) {
  auto body = co_await detail::read_body(*s, response);
  if (!body) {
    co_return;
  }
  if (!*body) {
    detail::fail_request(*s, id, str_cat("reading the response from ", s->url, " failed: ", body->error().message));
    co_return;
  }
  bool answered = false;
  for (jsonrpc::Message& message : decode_server_messages(**body, s->url)) {
    answered = answered || answers(message, id);
    detail::deliver(*s, std::move(message));
  }
  if (!answered) {
    detail::fail_request(*s, id, str_cat("the reply from ", s->url, " holds no valid response to the request"));
  }
}

asio::awaitable<void> post_message(std::shared_ptr<StreamableHttpState> s, jsonrpc::Message message) {
  std::optional<jsonrpc::Id> id;
  if (const auto* request = std::get_if<jsonrpc::Request>(&message)) {
    id = request->id;
  }
  const bool initialized = is_initialized_notification(message);
  net::Request req = detail::make_request(*s, http::verb::post);
  req.set(http::field::accept, "application/json, text/event-stream");
  req.set(http::field::content_type, "application/json");
  req.body() = jsonrpc::encode(message);

  auto sent = co_await detail::exchange(*s, std::move(req));
  if (!sent) {
    co_return;
  }
  if (!*sent) {
    report_failure(*s, id, str_cat("POST to ", s->url, " failed: ", sent->error().message));
    co_return;
  }
  std::unique_ptr<net::ClientResponse> response = std::move(**sent);
  const unsigned status = response->status();
  if (status == 404 && s->session_id) {
    detail::session_expired(*s);
    co_return;
  }
  // The initialize reply carries the session id; SDK clients accept it from any response, and so do we.
  if (const auto session = response->headers().find("Mcp-Session-Id"); session != response->headers().end()) {
    if (!session->value().empty()) {
      s->session_id = std::string(session->value());
    }
  }
  if (status / 100 != 2) {
    auto body = co_await detail::read_body(*s, *response);
    if (!body) {
      co_return;
    }
    const std::string text = *body ? std::move(**body) : std::string();
    report_failure(*s, id, http_failure_message(status, s->url, text));
    co_return;
  }
  if (!id) {
    // 202 with no body is the norm; reading to the end returns the connection to the pool.
    auto body = co_await detail::read_body(*s, *response);
    if (!body) {
      co_return;
    }
    if (initialized && !s->get_stream_started) {
      s->get_stream_started = true;
      spawn(s, detail::run_get_stream(s));
    }
    co_return;
  }
  if (status == 202) {
    co_return;  // accepted without a reply here: the response will come on the GET stream
  }
  const std::string_view content_type = response->headers()[http::field::content_type];
  if (has_media_type(content_type, "text/event-stream")) {
    auto follow = detail::follow_request_stream(s, std::move(response), *id);
    co_await std::move(follow);
  } else if (has_media_type(content_type, "application/json")) {
    auto take = take_json_reply(s, *response, *id);
    co_await std::move(take);
  } else {
    detail::fail_request(*s, *id, str_cat("unexpected Content-Type \"", content_type, "\" from ", s->url));
  }
}

// Works through the queue in send() order. Notifications and responses are POSTed one after another, so
// the server sees them in order (notifications/initialized before anything that follows it); requests
// start in order too but run concurrently, so a long tools/call never holds up a ping.
asio::awaitable<void> pump(std::shared_ptr<StreamableHttpState> s) {
  while (!s->queue.empty() && !s->stop.stopped()) {
    jsonrpc::Message message = std::move(s->queue.front());
    s->queue.pop_front();
    if (const auto* request = std::get_if<jsonrpc::Request>(&message)) {
      if (request->method == "initialize") {
        s->initialize_id = request->id;
      }
      spawn(s, post_message(s, std::move(message)));
    } else {
      auto op = post_message(s, std::move(message));
      co_await std::move(op);
    }
  }
  s->pumping = false;
}

void enqueue(const std::shared_ptr<StreamableHttpState>& s, jsonrpc::Message message) {
  if (s->stop.stopped()) {
    return;
  }
  s->queue.push_back(std::move(message));
  if (!s->pumping) {
    s->pumping = true;
    spawn(s, pump(s));
  }
}

asio::awaitable<void> delete_session(std::shared_ptr<StreamableHttpState> s) {
  net::Request req = detail::make_request(*s, http::verb::delete_);
  net::ClientOptions client;
  client.connect_timeout = s->options.close_timeout;
  client.first_byte_timeout = s->options.close_timeout;
  client.idle_timeout = s->options.close_timeout;
  client.max_body_bytes = 64 * 1024;
  auto op = s->http->send(s->options.endpoint, std::move(req), client);
  auto sent = co_await std::move(op);
  if (!sent) {
    obs::log_debug("mcp upstream session DELETE failed",
                   {{"upstream", std::string_view(s->url)}, {"error", std::string_view(sent.error().message)}});
    co_return;
  }
  // 405 means the server does not let clients end sessions; that is allowed and ends nothing here either.
  auto body = co_await (*sent)->read_all();
  if (!body) {
    obs::log_debug("mcp upstream session DELETE reply failed", {{"upstream", std::string_view(s->url)}});
  }
}

}  // namespace

StreamableHttpClient::StreamableHttpClient(asio::any_io_executor ex, std::shared_ptr<net::HttpClient> http,
                                           StreamableHttpClientOptions options, Inbound inbound)
    : state_(std::make_shared<StreamableHttpState>(std::move(ex), std::move(http), std::move(options),
                                                   std::move(inbound))) {}

StreamableHttpClient::~StreamableHttpClient() { close(); }

bool StreamableHttpClient::send(jsonrpc::Message message, std::optional<jsonrpc::Id>) {
  if (state_->closed.load()) {
    return false;
  }
  asio::post(state_->strand, [s = state_, message = std::move(message)]() mutable { enqueue(s, std::move(message)); });
  return true;
}

void StreamableHttpClient::close() {
  if (state_->closed.exchange(true)) {
    return;
  }
  asio::post(state_->strand, [s = state_] {
    s->stop.stop();
    s->queue.clear();
    if (s->session_id && !s->expired) {
      spawn(s, delete_session(s));
    }
  });
}

}  // namespace toolgate::mcp
