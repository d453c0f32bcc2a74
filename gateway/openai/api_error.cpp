// OpenAI error bodies and the backend-error → HTTP table.
#include "gateway/openai/api_error.hpp"

#include <boost/json.hpp>

namespace toolgate::gateway::openai {

namespace {

boost::json::value string_or_null(const std::string& s) {
  if (s.empty()) return nullptr;
  return boost::json::string(s);
}

struct ErrorClass {
  unsigned status;
  const char* type;
  const char* default_code;  // nullptr: no code unless the backend gave one
  const char* default_message;
};

ErrorClass classify(backend::ErrorKind kind) {
  switch (kind) {
    case backend::ErrorKind::invalid_request:
      return {400, "invalid_request_error", nullptr, "The request was rejected by the model backend."};
    case backend::ErrorKind::rate_limited:
      return {429, "rate_limit_error", "rate_limit_exceeded", "Rate limit reached; retry later."};
    case backend::ErrorKind::upstream_error:
      return {502, "api_error", "upstream_error", "The upstream model server failed."};
    case backend::ErrorKind::upstream_timeout:
      return {504, "api_error", "upstream_timeout", "The upstream model server timed out."};
    case backend::ErrorKind::unavailable:
      return {503, "server_error", "service_unavailable",
              "The model backend is unavailable right now; retry later."};
    case backend::ErrorKind::internal:
      break;
  }
  return {500, "server_error", nullptr, "The server had an error while processing your request."};
}

}  // namespace

std::string error_body(const ApiError& e) {
  boost::json::object inner;
  inner["message"] = e.message;
  inner["type"] = e.type;
  inner["param"] = string_or_null(e.param);
  inner["code"] = string_or_null(e.code);
  boost::json::object outer;
  outer["error"] = std::move(inner);
  return boost::json::serialize(outer);
}

ApiError invalid_request(std::string param, std::string message, std::string code) {
  ApiError e;
  e.status = 400;
  e.message = std::move(message);
  e.param = std::move(param);
  e.code = std::move(code);
  return e;
}

ApiError model_not_found(std::string_view model) {
  ApiError e;
  e.status = 404;
  e.message = "The model `" + std::string(model) + "` does not exist.";
  e.param = "model";
  e.code = "model_not_found";
  return e;
}

ApiError from_backend_error(const backend::Error& err) {
  const ErrorClass c = classify(err.kind);
  ApiError e;
  e.status = c.status;
  e.type = c.type;
  e.message = err.message.empty() ? c.default_message : err.message;
  e.param = err.param;
  e.code = !err.code.empty() ? err.code : (c.default_code != nullptr ? c.default_code : "");
  return e;
}

}  // namespace toolgate::gateway::openai
