// Shared steps of the Streamable HTTP client transport.
#include "mcp/transport/streamable_http_client_state.hpp"

#include "mcp/protocol/revision.hpp"
#include "mcp/transport/client_messages.hpp"
#include "mcp/transport/client_endpoint_url.hpp"
#include "observability/logger.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace toolgate::mcp::detail {

namespace obs = toolgate::observability;

StreamableHttpState::StreamableHttpState(boost::asio::any_io_executor ex, std::shared_ptr<net::HttpClient> http_client,
                                         StreamableHttpClientOptions opts, Inbound in)
    : strand(boost::asio::make_strand(std::move(ex))),
      http(std::move(http_client)),
      options(std::move(opts)),
      inbound(std::move(in)),
      url(url_text(options.endpoint)),
      stop(strand) {}

net::Request make_request(const StreamableHttpState& s, net::http::verb verb) {
  net::Request req{verb, request_target(s.options.endpoint), 11};
  for (const auto& [name, value] : s.options.headers) {
    req.set(name, value);
  }
  if (s.session_id) {
    req.set("Mcp-Session-Id", *s.session_id);
  }
  if (s.protocol_version) {
    req.set("MCP-Protocol-Version", *s.protocol_version);
  }
  return req;
}

boost::asio::awaitable<std::optional<SendResult>> exchange(StreamableHttpState& s, net::Request&& req) {
  net::ClientOptions client;
  client.connect_timeout = s.options.connect_timeout;
  client.first_byte_timeout = s.options.request_timeout;
  client.idle_timeout = s.options.request_timeout;
  // Unbounded here: event streams are bounded per event and whole bodies by read_body.
  client.max_body_bytes = std::numeric_limits<std::uint64_t>::max();
  auto op = s.http->send(s.options.endpoint, std::move(req), client);
  co_return co_await s.stop.until(std::move(op));
}

boost::asio::awaitable<std::optional<boost::system::result<std::string, net::ClientError>>> read_body(
    StreamableHttpState& s, net::ClientResponse& response) {
  auto op = read_whole_body(response, s.options.max_body_bytes);
  co_return co_await s.stop.until(std::move(op));
}

void deliver(StreamableHttpState& s, jsonrpc::Message message) {
  if (s.stop.stopped()) {
    return;
  }
  const auto* result = std::get_if<jsonrpc::Result>(&message);
  if (result != nullptr && s.initialize_id && result->id == *s.initialize_id) {
    s.initialize_id.reset();
    // Only the revisions that define MCP-Protocol-Version get it; older servers never asked for it.
    const std::optional<std::string> version = initialize_protocol_version(result->result);
    const std::optional<Revision> revision = version ? revision_from_string(*version) : std::nullopt;
    if (revision && rules(*revision).protocol_version_header) {
      s.protocol_version = *version;
    }
  }
  s.inbound.deliver(std::move(message));
}

void deliver_event(StreamableHttpState& s, const net::SseEvent& event, const jsonrpc::Id* awaited, bool& answered) {
  // Priming events carry only an id (and maybe a retry); other event types are not MCP messages.
  if (event.data.empty() || (!event.event.empty() && event.event != "message")) {
    return;
  }
  for (jsonrpc::Message& message : decode_server_messages(event.data, s.url)) {
    if (awaited != nullptr && answers(message, *awaited)) {
      answered = true;
    }
    deliver(s, std::move(message));
  }
}

void fail_request(StreamableHttpState& s, const jsonrpc::Id& id, const std::string& why) {
  obs::log_warn("mcp upstream request failed",
                {{"upstream", std::string_view(s.url)}, {"error", std::string_view(why)}});
  deliver(s, transport_error(id, why));
}

void session_expired(StreamableHttpState& s) {
  if (s.expired) {
    return;
  }
  s.expired = true;
  s.closed = true;
  s.stop.stop();
  s.queue.clear();
  obs::log_info("mcp upstream session expired", {{"upstream", std::string_view(s.url)}});
  if (s.inbound.closed) {
    s.inbound.closed();
  }
}

std::chrono::milliseconds reconnect_delay(const StreamableHttpClientOptions& options, const EventStreamCursor& cursor,
                                          int attempt) {
  if (cursor.retry) {
    return *cursor.retry;
  }
  const double grown = static_cast<double>(options.reconnect_delay.count()) * std::pow(1.5, attempt);
  const double capped = std::min(grown, static_cast<double>(options.max_reconnect_delay.count()));
  return std::chrono::milliseconds(static_cast<std::int64_t>(capped));
}

}  // namespace toolgate::mcp::detail
