// MCP log levels (RFC 5424 severities, as logging/setLevel and notifications/message name them),
// ordered so that a session's threshold can filter messages.
#pragma once

#include <optional>
#include <string_view>

namespace toolgate::mcp {

// 0 for "debug" up to 7 for "emergency"; nullopt for any other text.
std::optional<int> logging_severity(std::string_view level);

}  // namespace toolgate::mcp
