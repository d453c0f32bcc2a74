#include "mcp/transport/sse_frames.hpp"

#include "net/sse.hpp"

namespace toolgate::mcp {

namespace {

// Event ids are ours and printable; dropping line breaks keeps a bad one from breaking the framing.
void append_id(std::string& out, std::string_view event_id) {
  out.append("id: ");
  for (const char c : event_id) {
    if (c != '\r' && c != '\n') out.push_back(c);
  }
  out.push_back('\n');
}

}  // namespace

std::string message_frame(std::string_view event_id, std::string_view json) {
  std::string out;
  out.reserve(json.size() + event_id.size() + 32);
  if (!event_id.empty()) append_id(out, event_id);
  out.append(net::sse_event("message", json));
  return out;
}

std::string priming_frame(std::string_view event_id, std::uint32_t retry_ms) {
  std::string out;
  append_id(out, event_id);
  out.append("retry: ").append(std::to_string(retry_ms)).push_back('\n');
  out.append(net::sse_data(""));
  return out;
}

std::string endpoint_frame(std::string_view uri) { return net::sse_event("endpoint", uri); }

std::string keep_alive_frame() { return net::sse_comment("keep-alive"); }

}  // namespace toolgate::mcp
