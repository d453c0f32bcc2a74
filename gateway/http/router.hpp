// The gateway's HTTP surface: maps method + path to a handler, applies request ids, auth on /v1
// and per-route metrics. Everything protocol-specific lives in the handlers it calls.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "gateway/http/gateway_context.hpp"
#include "net/http_server.hpp"

namespace toolgate::gateway::http {

boost::asio::awaitable<void> handle_request(GatewayContext& ctx, const net::Request& req,
                                            net::ResponseWriter& writer);

}  // namespace toolgate::gateway::http
