// The Server-Sent Events frames MCP's HTTP transports write: JSON-RPC messages as `message` events,
// the 2025-11-25 priming event, the legacy `endpoint` event and keep-alive comments. Pure text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace toolgate::mcp {

// "id: <id>\nevent: message\ndata: <json>\n\n"; the id line is left out when `event_id` is empty.
std::string message_frame(std::string_view event_id, std::string_view json);
// An event with an id and empty data, so a client holds a Last-Event-ID before anything else arrives,
// plus the reconnection delay it should use once the server drops the connection.
std::string priming_frame(std::string_view event_id, std::uint32_t retry_ms);
// The legacy HTTP+SSE transport's first event: where the client POSTs its messages.
std::string endpoint_frame(std::string_view uri);
// A comment line clients ignore; it keeps proxies from closing an idle stream and exposes dead peers.
std::string keep_alive_frame();

}  // namespace toolgate::mcp
