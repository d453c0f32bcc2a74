// The SSE side of the Streamable HTTP client: following a POSTed request's event stream (and resuming it
// with GET + Last-Event-ID when the server drops it early), and the standalone GET stream.
#pragma once

#include "mcp/transport/streamable_http_client_state.hpp"

#include <boost/asio/awaitable.hpp>

#include <memory>

namespace toolgate::mcp::detail {

// Delivers every message of `response`'s stream until the one answering `id`. When the stream ends first
// and the server gave it an event id, reconnects after `retry` (or backoff) with Last-Event-ID; otherwise
// the request fails with a transport error.
boost::asio::awaitable<void> follow_request_stream(std::shared_ptr<StreamableHttpState> s,
                                                   std::unique_ptr<net::ClientResponse> response, jsonrpc::Id id);

// Listens for server requests and notifications unrelated to any POST; reconnects with Last-Event-ID and
// backoff when the stream drops; stops for good on 405 (the server offers none) or another 4xx.
boost::asio::awaitable<void> run_get_stream(std::shared_ptr<StreamableHttpState> s);

}  // namespace toolgate::mcp::detail
