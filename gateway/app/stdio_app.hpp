// `toolgate stdio`: the hub served over stdin/stdout as one MCP session, for editors that launch
// toolgate as their MCP server. Runs until stdin ends or a signal, then stops the upstreams.
#pragma once

#include "config/config.hpp"

namespace toolgate::gateway::app {

// Returns the exit code: 0 after a clean end of the session, 1 when start-up fails.
int run_stdio(const config::Config& config);

}  // namespace toolgate::gateway::app
