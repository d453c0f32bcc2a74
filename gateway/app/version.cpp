#include "gateway/app/version.hpp"

#include "git_commit.h"

namespace toolgate::gateway::app {

std::string_view version() { return TOOLGATE_VERSION; }
std::string_view commit() { return TOOLGATE_COMMIT; }

}  // namespace toolgate::gateway::app
