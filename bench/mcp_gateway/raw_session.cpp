#include "bench/mcp_gateway/raw_session.hpp"

#include <utility>

namespace toolgate::bench {

namespace asio = boost::asio;
namespace http = net::http;

constexpr std::string_view kProtocolVersion = "2025-11-25";

net::Request RawSession::make_request(http::verb verb, std::string body) const {
  std::string target = endpoint_.path.empty() ? "/" : endpoint_.path;
  if (!endpoint_.query.empty()) target += "?" + endpoint_.query;
  net::Request req{verb, target, 11};
  req.set(http::field::accept, "application/json, text/event-stream");
  if (!body.empty()) req.set(http::field::content_type, "application/json");
  if (session_id_) {
    req.set("Mcp-Session-Id", *session_id_);
    req.set("MCP-Protocol-Version", kProtocolVersion);
  }
  req.body() = std::move(body);
  req.prepare_payload();
  return req;
}

asio::awaitable<boost::system::result<std::pair<unsigned, std::string>, std::string>> RawSession::exchange(
    net::Request req, std::optional<std::string>* session_id) {
  using R = boost::system::result<std::pair<unsigned, std::string>, std::string>;
  net::ClientOptions options;
  options.connect_timeout = timeout_;
  options.first_byte_timeout = timeout_;
  options.idle_timeout = timeout_;
  auto sending = http_->send(endpoint_, std::move(req), options);
  auto sent = co_await std::move(sending);
  if (!sent) co_return R(boost::system::in_place_error, sent.error().message);
  auto response = std::move(*sent);
  if (session_id) {
    if (const auto found = response->headers().find("Mcp-Session-Id"); found != response->headers().end()) {
      *session_id = std::string(found->value());
    }
  }
  const unsigned status = response->status();
  auto reading = response->read_all();
  auto body = co_await std::move(reading);
  if (!body) co_return R(boost::system::in_place_error, body.error().message);
  co_return R(std::pair<unsigned, std::string>(status, std::move(*body)));
}

asio::awaitable<boost::system::result<std::unique_ptr<RawSession>, std::string>> RawSession::open(
    std::shared_ptr<net::HttpClient> http, net::Url endpoint, std::chrono::milliseconds timeout) {
  using R = boost::system::result<std::unique_ptr<RawSession>, std::string>;
  std::unique_ptr<RawSession> session(new RawSession(std::move(http), std::move(endpoint), timeout));
  std::string init =
      R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":")" + std::string(kProtocolVersion) +
      R"(","capabilities":{},"clientInfo":{"name":"bench_mcp_calls","version":"0"}}})";
  auto initializing = session->exchange(session->make_request(http::verb::post, std::move(init)), &session->session_id_);
  auto initialized = co_await std::move(initializing);
  if (!initialized) co_return R(boost::system::in_place_error, "initialize: " + initialized.error());
  if (initialized->first != 200 || initialized->second.find("\"protocolVersion\"") == std::string::npos) {
    co_return R(boost::system::in_place_error, "initialize answered HTTP " + std::to_string(initialized->first) + ": " +
                                                   initialized->second.substr(0, 300));
  }
  std::string note = R"({"jsonrpc":"2.0","method":"notifications/initialized"})";
  auto notifying = session->exchange(session->make_request(http::verb::post, std::move(note)));
  auto notified = co_await std::move(notifying);
  if (!notified) co_return R(boost::system::in_place_error, "notifications/initialized: " + notified.error());
  if (notified->first != 202 && notified->first != 200) {
    co_return R(boost::system::in_place_error, "notifications/initialized answered HTTP " + std::to_string(notified->first));
  }
  co_return R(std::move(session));
}

asio::awaitable<std::string> RawSession::call(const std::string& params_json, const std::string& expect) {
  const std::string id = std::to_string(next_id_++);
  std::string body = R"({"jsonrpc":"2.0","id":)" + id + R"(,"method":"tools/call","params":)" + params_json + "}";
  auto calling = exchange(make_request(http::verb::post, std::move(body)));
  auto answer = co_await std::move(calling);
  if (!answer) co_return "HTTP exchange: " + answer.error();
  const auto& [status, text] = *answer;
  if (status != 200) co_return "HTTP " + std::to_string(status) + ": " + text.substr(0, 300);
  // The reply is one JSON object, or SSE events of which one carries it: the id and the result must be there.
  if (text.find("\"id\":" + id) == std::string::npos || text.find("\"result\"") == std::string::npos) {
    co_return "no result for id " + id + ": " + text.substr(0, 300);
  }
  if (text.find("\"isError\":true") != std::string::npos) co_return "isError result: " + text.substr(0, 300);
  if (!expect.empty() && text.find(expect) == std::string::npos) {
    co_return "result without the expected text: " + text.substr(0, 300);
  }
  co_return std::string();
}

asio::awaitable<void> RawSession::close() {
  if (!session_id_) co_return;
  auto deleting = exchange(make_request(http::verb::delete_, {}));
  co_await std::move(deleting);
}

}  // namespace toolgate::bench
