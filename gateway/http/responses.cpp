#include "gateway/http/responses.hpp"

#include "observability/request_id.hpp"

namespace toolgate::gateway::http {

namespace bhttp = boost::beast::http;

net::Response text_response(unsigned status, std::string body, std::string_view content_type,
                            const RequestInfo& info) {
  net::Response res{static_cast<bhttp::status>(status), 11};
  res.set(bhttp::field::content_type, content_type);
  res.set("x-request-id", info.request_id);
  res.keep_alive(info.keep_alive);
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

net::Response json_response(unsigned status, std::string body, const RequestInfo& info) {
  return text_response(status, std::move(body), "application/json", info);
}

net::Response error_response(const openai::ApiError& error, const RequestInfo& info) {
  net::Response res = json_response(error.status, openai::error_body(error), info);
  for (const auto& [name, value] : error.headers) res.set(name, value);
  return res;
}

net::Response transport_error_response(unsigned status, std::string message) {
  openai::ApiError error;
  error.status = status;
  error.message = std::move(message);
  error.type = "invalid_request_error";
  if (status == 413) error.code = "request_too_large";
  if (status == 431) error.code = "headers_too_large";
  if (status == 408) error.code = "request_timeout";
  RequestInfo info;
  info.request_id = observability::new_request_id();
  info.keep_alive = false;
  return error_response(error, info);
}

}  // namespace toolgate::gateway::http
