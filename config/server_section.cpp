#include "config/listen_address.hpp"
#include "config/sections.hpp"

namespace toolgate::config {
namespace {

constexpr std::uint64_t kMaxTimeoutMs = 24ull * 60 * 60 * 1000;  // anything longer is a typo, not a policy

}  // namespace

void read_server(const YAML::Node& node, YamlReader& reader, ServerConfig& out) {
  const std::string path = "server";
  if (!reader.check_mapping(node, path,
                            {"listen", "threads", "max_body_bytes", "max_header_bytes", "read_timeout_ms",
                             "write_timeout_ms", "idle_timeout_ms", "shutdown_grace_ms", "sse_keepalive_ms"})) {
    return;
  }
  if (const auto listen = find_key(node, "listen"); listen.IsDefined()) {
    if (const auto text = reader.read_string(listen, "server.listen")) {
      const auto parsed = parse_listen_address(*text);
      if (parsed.ok()) {
        out.host = parsed.address.host;
        out.port = parsed.address.port;
      } else {
        reader.error(listen, "server.listen", parsed.error);
      }
    }
  }
  reader.uint_field(node, path, "threads", out.threads, 0, 1024);
  reader.uint_field(node, path, "max_body_bytes", out.max_body_bytes, 1, 1ull << 32);
  reader.uint_field(node, path, "max_header_bytes", out.max_header_bytes, 1, 1u << 20);
  reader.ms_field(node, path, "read_timeout_ms", out.read_timeout, 1, kMaxTimeoutMs);
  reader.ms_field(node, path, "write_timeout_ms", out.write_timeout, 1, kMaxTimeoutMs);
  reader.ms_field(node, path, "idle_timeout_ms", out.idle_timeout, 1, kMaxTimeoutMs);
  // A grace of 0 is a valid choice: cut streams immediately on shutdown.
  reader.ms_field(node, path, "shutdown_grace_ms", out.shutdown_grace, 0, kMaxTimeoutMs);
  reader.ms_field(node, path, "sse_keepalive_ms", out.sse_keepalive, 1, kMaxTimeoutMs);
}

void read_logging(const YAML::Node& node, YamlReader& reader, LoggingConfig& out) {
  if (!reader.check_mapping(node, "logging", {"level"})) return;
  if (const auto level = find_key(node, "level"); level.IsDefined()) {
    if (const auto text = reader.read_string(level, "logging.level")) {
      if (*text == "debug" || *text == "info" || *text == "warn" || *text == "error") {
        out.level = *text;
      } else {
        reader.error(level, "logging.level", "unknown level '" + *text + "' (expected debug, info, warn or error)");
      }
    }
  }
}

}  // namespace toolgate::config
