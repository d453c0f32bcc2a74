#include "gateway/upstream/error_mapping.hpp"

#include <simdjson.h>

#include "gateway/upstream/wire_fields.hpp"

namespace toolgate::gateway::upstream {
namespace {

std::string_view trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n";
  auto first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

backend::ErrorKind kind_for(unsigned status) {
  switch (status) {
    case 400:
    case 413:
    case 422: return backend::ErrorKind::invalid_request;
    case 429: return backend::ErrorKind::rate_limited;
    case 408:
    case 504: return backend::ErrorKind::upstream_timeout;
    default: return backend::ErrorKind::upstream_error;
  }
}

}  // namespace

std::string truncate_utf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  // Step back over continuation bytes (10xxxxxx) so the cut lands on a character boundary.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

backend::Error map_http_error(std::string_view upstream_name, unsigned status,
                              std::string_view body, std::string_view retry_after) {
  backend::Error error;
  error.kind = kind_for(status);
  std::string detail;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(body.data(), body.size()).get(doc) == simdjson::SUCCESS) {
    if (auto upstream = wire::read_error(doc)) {
      detail = std::move(upstream->message);
      error.param = std::move(upstream->param);
      error.code = std::move(upstream->code);
    } else if (auto message = wire::string_field(doc, "message")) {
      detail = std::string(*message);
    } else if (auto fastapi = wire::string_field(doc, "detail")) {
      detail = std::string(*fastapi);
    }
  }
  if (detail.empty()) detail = std::string(trim(body));

  error.message = "upstream '" + std::string(upstream_name) + "' returned " +
                  std::to_string(status);
  if (!detail.empty()) error.message += ": " + truncate_utf8(detail, kMaxUpstreamMessage);
  if (error.kind == backend::ErrorKind::rate_limited) {
    if (error.code.empty()) error.code = "rate_limit_exceeded";
    if (auto after = trim(retry_after); !after.empty()) {
      // Retry-After is delta-seconds or an HTTP date; only the former gets a unit.
      const bool seconds = after.find_first_not_of("0123456789") == std::string_view::npos;
      error.message += " (retry after " + truncate_utf8(after, 64) + (seconds ? "s)" : ")");
    }
  }
  return error;
}

}  // namespace toolgate::gateway::upstream
