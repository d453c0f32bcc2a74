#include "mcp/transport/http_exchange.hpp"

#include "mcp/jsonrpc/codec.hpp"

namespace toolgate::mcp {

namespace http = net::http;

std::optional<std::string_view> header_value(const net::Request& request, std::string_view name) {
  const auto it = request.find(name);
  if (it == request.end()) return std::nullopt;
  return std::string_view(it->value().data(), it->value().size());
}

HttpRequestHeaders request_headers(const net::Request& request, bool loopback_bind) {
  HttpRequestHeaders out;
  out.method = std::string_view(request.method_string().data(), request.method_string().size());
  out.accept = header_value(request, "Accept");
  out.content_type = header_value(request, "Content-Type");
  out.origin = header_value(request, "Origin");
  out.host = header_value(request, "Host");
  out.protocol_version = header_value(request, kProtocolVersionHeader);
  out.loopback_bind = loopback_bind;
  return out;
}

net::Response json_response(unsigned status, std::string body, bool keep_alive) {
  net::Response res{static_cast<http::status>(status), 11};
  res.set(http::field::content_type, "application/json");
  res.keep_alive(keep_alive);
  res.body() = std::move(body);
  return res;
}

net::Response json_rpc_error_response(unsigned status, std::int64_t code, std::string_view message, bool keep_alive) {
  return json_response(status, jsonrpc::encode(jsonrpc::Error{std::nullopt, code, std::string(message), std::nullopt}),
                       keep_alive);
}

net::Response rejection_response(const HttpRejection& rejection, bool keep_alive) {
  net::Response res = json_response(rejection.status, rejection_body(rejection), keep_alive);
  for (const auto& [name, value] : rejection.headers) res.set(name, value);
  return res;
}

net::Response empty_response(unsigned status, bool keep_alive) {
  net::Response res{static_cast<http::status>(status), 11};
  res.keep_alive(keep_alive);
  return res;
}

http::response<http::empty_body> sse_header(std::optional<std::string_view> session_id) {
  http::response<http::empty_body> res{http::status::ok, 11};
  res.set(http::field::content_type, "text/event-stream");
  res.set(http::field::cache_control, "no-cache");
  res.set("X-Accel-Buffering", "no");  // nginx and friends would otherwise hold events back
  if (session_id) res.set(kSessionIdHeader, *session_id);
  return res;
}

net::Response transport_error_response(unsigned status, std::string_view message) {
  return json_rpc_error_response(status, -32000, message, false);
}

}  // namespace toolgate::mcp
