// How an HTTP endpoint gets the application for each session it creates: one ServerHandler per
// session (the hub's downstream face, or a local catalog in tests and fixtures).
#pragma once

#include <functional>
#include <memory>

#include "mcp/server/server_session.hpp"

namespace toolgate::mcp {

// Called once per new session, on the thread handling its first request; null refuses the session.
using ServerHandlerFactory = std::function<std::unique_ptr<ServerHandler>()>;

}  // namespace toolgate::mcp
