// A minimal Streamable HTTP MCP client for load generation: initialize, then one POST per tools/call read
// whole (JSON or SSE body), no standalone GET stream, no session machinery, so the client costs less CPU
// per call than the servers it measures.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include "net/http_client.hpp"
#include "net/url.hpp"

namespace toolgate::bench {

class RawSession {
 public:
  // Sends initialize (protocol 2025-11-25) and notifications/initialized; the error says which step failed.
  static boost::asio::awaitable<boost::system::result<std::unique_ptr<RawSession>, std::string>> open(
      std::shared_ptr<net::HttpClient> http, net::Url endpoint, std::chrono::milliseconds timeout);

  // One tools/call with `params_json` as params; an empty string on a result that holds `expect` (when
  // not empty) and no "isError":true, else why the call failed.
  boost::asio::awaitable<std::string> call(const std::string& params_json, const std::string& expect);

  // DELETEs the session (best effort).
  boost::asio::awaitable<void> close();

 private:
  RawSession(std::shared_ptr<net::HttpClient> http, net::Url endpoint, std::chrono::milliseconds timeout)
      : http_(std::move(http)), endpoint_(std::move(endpoint)), timeout_(timeout) {}

  net::Request make_request(net::http::verb verb, std::string body) const;
  // Sends a request and reads the whole body; the status, or why the exchange failed.
  boost::asio::awaitable<boost::system::result<std::pair<unsigned, std::string>, std::string>> exchange(
      net::Request req, std::optional<std::string>* session_id = nullptr);

  std::shared_ptr<net::HttpClient> http_;
  net::Url endpoint_;
  std::chrono::milliseconds timeout_;
  std::string target_;
  std::optional<std::string> session_id_;
  std::int64_t next_id_ = 1;
};

}  // namespace toolgate::bench
