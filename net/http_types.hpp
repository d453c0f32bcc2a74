// HTTP message types shared by the server, the client and their users.
// Bodies are whole strings; streaming goes through ResponseWriter / ClientResponse instead.
#pragma once

#include <boost/beast/http.hpp>

namespace toolgate::net {

namespace http = boost::beast::http;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

}  // namespace toolgate::net
