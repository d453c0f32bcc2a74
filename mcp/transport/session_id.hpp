// Session ids for the HTTP transports: 128 bits from the system CSPRNG as lowercase hex, so they are
// unguessable, globally unique and within the visible-ASCII range MCP requires of Mcp-Session-Id.
#pragma once

#include <optional>
#include <string>

namespace toolgate::mcp {

// nullopt only when the CSPRNG fails (no entropy); callers answer 500 rather than use a weak id.
std::optional<std::string> new_session_id();

}  // namespace toolgate::mcp
