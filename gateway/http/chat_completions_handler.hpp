// POST /v1/chat/completions: parse → route → backend event stream → SSE encoder or aggregator,
// with billing and metrics from the same Usage numbers the client sees.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "gateway/http/gateway_context.hpp"
#include "gateway/http/request_info.hpp"
#include "net/http_server.hpp"

namespace toolgate::gateway::http {

// Returns the HTTP status sent (0 when the client went away before a status was sent).
boost::asio::awaitable<unsigned> handle_chat_completions(GatewayContext& ctx, const net::Request& req,
                                                         net::ResponseWriter& writer, RequestInfo& info);

}  // namespace toolgate::gateway::http
