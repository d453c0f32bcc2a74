// Per-request facts gathered before dispatch: the request id echoed on every response, the
// metrics route label, the authenticated key name and the start time for durations.
#pragma once

#include <chrono>
#include <string>

namespace toolgate::gateway::http {

struct RequestInfo {
  std::string request_id;
  std::string route;               // bounded metrics label, e.g. "/v1/models/{id}"
  std::string key_name = "anonymous";
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  bool keep_alive = true;

  double elapsed_seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
};

}  // namespace toolgate::gateway::http
