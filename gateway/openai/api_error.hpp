// OpenAI-shaped API errors: status, body {"error":{message,type,param,code}} and extra headers.
// Holds the one table that maps backend errors to HTTP statuses and OpenAI error types.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "backend/api/events.hpp"

namespace toolgate::gateway::openai {

struct ApiError {
  unsigned status = 400;
  std::string message;
  std::string type = "invalid_request_error";
  // JSON path of the offending field, e.g. "messages[2].tool_calls[0].function.name"; empty = null.
  std::string param;
  // e.g. "model_not_found", "invalid_value", "missing_required_field"; empty = null.
  std::string code;
  std::vector<std::pair<std::string, std::string>> headers;  // e.g. {"retry-after","5"}
};

// {"error":{"message","type","param","code"}}, with param/code null when empty.
std::string error_body(const ApiError& e);

// 400 invalid_request_error naming `param`.
ApiError invalid_request(std::string param, std::string message,
                         std::string code = "invalid_value");

// 404 "The model `x` does not exist.", param "model", code "model_not_found".
ApiError model_not_found(std::string_view model);

// invalid_request→400, rate_limited→429, upstream_error→502, upstream_timeout→504,
// unavailable→503, internal→500. Keeps the backend's message, param and code when it gave them.
ApiError from_backend_error(const backend::Error& e);

}  // namespace toolgate::gateway::openai
