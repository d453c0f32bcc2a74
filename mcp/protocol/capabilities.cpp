#include "mcp/protocol/capabilities.hpp"

#include <boost/json.hpp>

namespace toolgate::mcp {

namespace {

bool has_object(const boost::json::object& parent, std::string_view key) {
  const auto* member = parent.if_contains(key);
  return member && member->is_object();
}

ClientCapabilities read_client_capabilities(const boost::json::object& caps) {
  ClientCapabilities out;
  out.json = boost::json::serialize(caps);
  if (const auto* roots = caps.if_contains("roots"); roots && roots->is_object()) {
    out.roots = true;
    const auto* changed = roots->as_object().if_contains("listChanged");
    out.roots_list_changed = changed && changed->is_bool() && changed->as_bool();
  }
  if (const auto* sampling = caps.if_contains("sampling"); sampling && sampling->is_object()) {
    out.sampling = true;
    out.sampling_tools = has_object(sampling->as_object(), "tools");
  }
  if (const auto* elicitation = caps.if_contains("elicitation"); elicitation && elicitation->is_object()) {
    const auto& modes = elicitation->as_object();
    out.elicitation_url = has_object(modes, "url");
    out.elicitation_form = has_object(modes, "form") || !out.elicitation_url;
  }
  return out;
}

}  // namespace

boost::system::result<ClientHello, std::string> read_initialize_params(const std::optional<std::string>& params) {
  using R = boost::system::result<ClientHello, std::string>;
  if (!params) return R(boost::system::in_place_error, "initialize: \"params\" is required");
  boost::system::error_code ec;
  auto value = boost::json::parse(*params, ec);
  if (ec || !value.is_object()) return R(boost::system::in_place_error, "initialize: \"params\" must be an object");
  const auto& object = value.as_object();
  const auto* version = object.if_contains("protocolVersion");
  if (!version || !version->is_string()) {
    return R(boost::system::in_place_error, "initialize: \"params.protocolVersion\" must be a string");
  }
  const auto* caps = object.if_contains("capabilities");
  if (!caps || !caps->is_object()) {
    return R(boost::system::in_place_error, "initialize: \"params.capabilities\" must be an object");
  }
  const auto* info = object.if_contains("clientInfo");
  if (!info || !info->is_object()) {
    return R(boost::system::in_place_error, "initialize: \"params.clientInfo\" must be an object");
  }
  const auto* name = info->as_object().if_contains("name");
  if (!name || !name->is_string()) {
    return R(boost::system::in_place_error, "initialize: \"params.clientInfo.name\" must be a string");
  }
  ClientHello hello;
  hello.requested_version = std::string(version->as_string());
  hello.revision = negotiate(hello.requested_version);
  hello.capabilities = read_client_capabilities(caps->as_object());
  hello.client_info_json = boost::json::serialize(*info);
  return hello;
}

boost::system::result<ServerHello, std::string> read_initialize_result(std::string_view result) {
  using R = boost::system::result<ServerHello, std::string>;
  boost::system::error_code ec;
  auto value = boost::json::parse(result, ec);
  if (ec || !value.is_object()) return R(boost::system::in_place_error, "initialize result must be an object");
  const auto& object = value.as_object();
  const auto* version = object.if_contains("protocolVersion");
  if (!version || !version->is_string()) {
    return R(boost::system::in_place_error, "initialize result: \"protocolVersion\" must be a string");
  }
  auto revision = revision_from_string(version->as_string());
  if (!revision) {
    return R(boost::system::in_place_error,
             "the server answered with protocol version \"" + std::string(version->as_string()) + "\", which toolgate does not speak");
  }
  ServerHello hello;
  hello.revision = *revision;
  if (const auto* caps = object.if_contains("capabilities"); caps && caps->is_object()) {
    hello.capabilities_json = boost::json::serialize(*caps);
  }
  if (const auto* info = object.if_contains("serverInfo"); info && info->is_object()) {
    hello.server_info_json = boost::json::serialize(*info);
  }
  if (const auto* instructions = object.if_contains("instructions"); instructions && instructions->is_string()) {
    hello.instructions = std::string(instructions->as_string());
  }
  return hello;
}

}  // namespace toolgate::mcp
