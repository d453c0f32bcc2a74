// Server messages and made-up transport errors for the client transports.
#include "mcp/transport/client_messages.hpp"

#include "mcp/jsonrpc/codec.hpp"
#include "observability/logger.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace toolgate::mcp {

namespace obs = toolgate::observability;

std::vector<jsonrpc::Message> decode_server_messages(std::string_view text, std::string_view source) {
  jsonrpc::Decoded decoded = jsonrpc::decode(text, jsonrpc::DecodeOptions{true, 256});
  for (const jsonrpc::Error& reject : decoded.rejects) {
    obs::log_warn("mcp upstream sent a malformed JSON-RPC message",
                  {{"upstream", source}, {"error", std::string_view(reject.message)}});
  }
  return std::move(decoded.messages);
}

bool answers(const jsonrpc::Message& message, const jsonrpc::Id& id) {
  if (const auto* result = std::get_if<jsonrpc::Result>(&message)) {
    return result->id == id;
  }
  if (const auto* error = std::get_if<jsonrpc::Error>(&message)) {
    return error->id == id;
  }
  return false;
}

jsonrpc::Message transport_error(const jsonrpc::Id& id, std::string message) {
  return jsonrpc::Error{id, kTransportErrorCode, std::move(message), std::nullopt};
}

std::string http_failure_message(unsigned status, std::string_view url, std::string_view body) {
  std::string out = "HTTP ";
  out.append(std::to_string(status));
  out.append(" from ");
  out.append(url);
  // SDK servers explain refusals (missing session, bad version) in a JSON-RPC error body; keep that.
  const jsonrpc::Decoded decoded = jsonrpc::decode(body, jsonrpc::DecodeOptions{false, 1});
  if (decoded.messages.size() == 1) {
    if (const auto* error = std::get_if<jsonrpc::Error>(&decoded.messages.front())) {
      out.append(": ");
      out.append(error->message);
    }
  }
  return out;
}

std::optional<std::string> initialize_protocol_version(std::string_view result_json) {
  boost::system::error_code ec;
  const boost::json::value value = boost::json::parse(result_json, ec);
  if (ec || !value.is_object()) {
    return std::nullopt;
  }
  const boost::json::value* version = value.as_object().if_contains("protocolVersion");
  if (version == nullptr || !version->is_string()) {
    return std::nullopt;
  }
  return std::string(version->as_string());
}

void log_coroutine_exception(std::exception_ptr error, std::string_view transport) {
  if (!error) {
    return;
  }
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    obs::log_error("mcp client transport coroutine failed", {{"transport", transport}, {"error", e.what()}});
  } catch (...) {
    obs::log_error("mcp client transport coroutine failed", {{"transport", transport}});
  }
}

}  // namespace toolgate::mcp
