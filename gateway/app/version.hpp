// Build identity: the project version and the git commit it was built from.
// Kept in its own translation unit so a new commit recompiles one tiny file.
#pragma once

#include <string_view>

namespace toolgate::gateway::app {

std::string_view version();
std::string_view commit();

}  // namespace toolgate::gateway::app
