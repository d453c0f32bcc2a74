#include "mcp/transport/http_checks.hpp"

#include <boost/url/parse.hpp>

#include "mcp/jsonrpc/codec.hpp"
#include "mcp/protocol/revision.hpp"

namespace toolgate::mcp {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Media types listed in an Accept header, without parameters, lower-cased.
bool accepts(std::string_view accept, std::string_view media_type) {
  const std::string header = lower(accept);
  std::size_t start = 0;
  while (start <= header.size()) {
    std::size_t end = header.find(',', start);
    if (end == std::string::npos) end = header.size();
    std::string_view item(header.data() + start, end - start);
    if (auto semi = item.find(';'); semi != std::string_view::npos) item = item.substr(0, semi);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (item == media_type) return true;
    start = end + 1;
  }
  return false;
}

bool is_json_content_type(std::string_view content_type) {
  std::string type = lower(content_type);
  if (auto semi = type.find(';'); semi != std::string::npos) type.resize(semi);
  while (!type.empty() && type.back() == ' ') type.pop_back();
  return type == "application/json";
}

bool is_loopback_name(std::string_view host) {
  const std::string h = lower(host);
  return h == "localhost" || h == "127.0.0.1" || h == "[::1]" || h == "::1";
}

// "localhost:8080" -> "localhost"; "[::1]:80" -> "[::1]".
std::string_view host_without_port(std::string_view host) {
  if (host.starts_with('[')) {
    auto close = host.find(']');
    return close == std::string_view::npos ? host : host.substr(0, close + 1);
  }
  if (auto colon = host.rfind(':'); colon != std::string_view::npos) return host.substr(0, colon);
  return host;
}

bool is_loopback_origin(std::string_view origin) {
  auto url = boost::urls::parse_absolute_uri(origin);
  if (!url) return false;
  const std::string scheme = lower(url->scheme());
  if (scheme != "http" && scheme != "https") return false;
  std::string_view host = url->encoded_host();
  return is_loopback_name(host);
}

HttpRejection reject(unsigned status, std::string message) { return HttpRejection{status, std::move(message), {}}; }

}  // namespace

std::optional<HttpRejection> check_http_request(const HttpRequestHeaders& r) {
  if (r.method != "POST" && r.method != "GET" && r.method != "DELETE") {
    HttpRejection out = reject(405, "Method not allowed: use POST, GET or DELETE");
    out.headers.emplace_back("Allow", "GET, POST, DELETE");
    return out;
  }
  // DNS rebinding: a page on another site must not reach a gateway bound to this machine.
  if (r.loopback_bind) {
    if (r.host && !is_loopback_name(host_without_port(*r.host))) {
      return reject(403, "Forbidden: Host \"" + std::string(*r.host) + "\" is not this loopback server");
    }
    if (r.origin && !is_loopback_origin(*r.origin)) {
      return reject(403, "Forbidden: Origin \"" + std::string(*r.origin) + "\" may not call this server");
    }
  }
  if (r.method == "POST") {
    if (!r.accept || !accepts(*r.accept, "application/json") || !accepts(*r.accept, "text/event-stream")) {
      return reject(406, "Not Acceptable: the client must accept both application/json and text/event-stream");
    }
    if (!r.content_type || !is_json_content_type(*r.content_type)) {
      return reject(415, "Unsupported Media Type: Content-Type must be application/json");
    }
  } else if (r.method == "GET") {
    if (!r.accept || !accepts(*r.accept, "text/event-stream")) {
      return reject(406, "Not Acceptable: the client must accept text/event-stream");
    }
  }
  if (r.protocol_version && !revision_from_string(*r.protocol_version)) {
    std::string supported;
    for (Revision revision : kRevisions) supported += (supported.empty() ? "" : ", ") + std::string(to_string(revision));
    return reject(400, "Bad Request: unsupported MCP-Protocol-Version \"" + std::string(*r.protocol_version) +
                           "\" (supported: " + supported + ")");
  }
  return std::nullopt;
}

std::string rejection_body(const HttpRejection& rejection) {
  return jsonrpc::encode(jsonrpc::Error{std::nullopt, -32000, rejection.message, std::nullopt});
}

}  // namespace toolgate::mcp
