// URL helpers for the client transports.
#include "mcp/transport/client_endpoint_url.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

namespace toolgate::mcp {

std::string request_target(const net::Url& url) {
  std::string target = url.path.empty() ? std::string("/") : url.path;
  if (!url.query.empty()) {
    target.push_back('?');
    target.append(url.query);
  }
  return target;
}

std::string url_text(const net::Url& url) {
  std::string out = url.scheme;
  out.append("://");
  out.append(url.authority());
  out.append(request_target(url));
  return out;
}

std::variant<net::Url, std::string> resolve_endpoint(const net::Url& base, std::string_view reference) {
  const std::string base_text = url_text(base);
  auto base_view = boost::urls::parse_uri(base_text);
  auto ref = boost::urls::parse_uri_reference(reference);
  if (!base_view || !ref) {
    std::string why = "the endpoint event is not a URI reference: ";
    why.append(reference);
    return why;
  }
  boost::urls::url resolved(*base_view);
  if (auto done = resolved.resolve(*ref); !done) {
    std::string why = "cannot resolve the endpoint event against ";
    why.append(base_text);
    return why;
  }
  resolved.remove_fragment();
  auto url = net::parse_url(resolved.buffer());
  if (!url) {
    std::string why = "the endpoint event names an unusable URL: ";
    why.append(url.error().message());
    return why;
  }
  if (url->scheme != base.scheme || url->host != base.host || url->port != base.port) {
    std::string why = "the endpoint event points to another origin: ";
    why.append(url_text(*url));
    return why;
  }
  return *url;
}

}  // namespace toolgate::mcp
