// Builders for the gateway's plain (non-streaming) HTTP responses: JSON bodies, OpenAI-shaped
// errors and text, each stamped with the request id and the connection's keep-alive choice.
#pragma once

#include <string>
#include <string_view>

#include "gateway/http/request_info.hpp"
#include "gateway/openai/api_error.hpp"
#include "net/http_types.hpp"

namespace toolgate::gateway::http {

net::Response json_response(unsigned status, std::string body, const RequestInfo& info);
net::Response text_response(unsigned status, std::string body, std::string_view content_type,
                            const RequestInfo& info);
net::Response error_response(const openai::ApiError& error, const RequestInfo& info);

// Error for requests net/ rejects before routing (413, 431, 408, 400): same OpenAI body shape.
net::Response transport_error_response(unsigned status, std::string message);

}  // namespace toolgate::gateway::http
