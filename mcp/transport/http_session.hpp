// One Streamable HTTP session as the endpoint keeps it: its id, transport and MCP server session,
// and the activity count that decides when an idle session expires.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "mcp/server/server_session.hpp"
#include "mcp/transport/http_session_transport.hpp"

namespace toolgate::mcp {

struct HttpSession {
  using Clock = std::chrono::steady_clock;

  std::string id;
  std::shared_ptr<HttpSessionTransport> transport;
  std::shared_ptr<ServerSession> server;
  std::atomic<int> busy{0};                        // HTTP requests (and open streams) using it now
  std::atomic<Clock::rep> last_active{Clock::now().time_since_epoch().count()};

  // No request, no open stream and no request of the client still running for `timeout`.
  bool idle(Clock::time_point now, std::chrono::milliseconds timeout) const {
    if (busy.load() > 0 || transport->requests_in_flight() > 0) return false;
    return now - Clock::time_point(Clock::duration(last_active.load())) >= timeout;
  }
};

// Marks a session busy for as long as one HTTP exchange uses it.
class SessionUse {
 public:
  explicit SessionUse(std::shared_ptr<HttpSession> session) : session_(std::move(session)) { ++session_->busy; }
  ~SessionUse() {
    session_->last_active.store(HttpSession::Clock::now().time_since_epoch().count());
    --session_->busy;
  }
  SessionUse(const SessionUse&) = delete;
  SessionUse& operator=(const SessionUse&) = delete;

 private:
  std::shared_ptr<HttpSession> session_;
};

}  // namespace toolgate::mcp
