// The composition root: turns a validated Config into running components (metrics, auth,
// routing, backends, HTTP server), runs them until a signal, then drains and exits.
#pragma once

#include "config/config.hpp"

namespace toolgate::gateway::app {

// Returns the process exit code: 0 after a clean shutdown, 1 when start-up fails.
int run_server(const config::Config& config);

}  // namespace toolgate::gateway::app
