// What each side of an MCP session declared at `initialize`: the client's capabilities (which
// server→client requests the session may send) read from its JSON, keeping the JSON itself for relays.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/system/result.hpp>

#include "mcp/protocol/revision.hpp"

namespace toolgate::mcp {

struct ClientCapabilities {
  bool roots = false;
  bool roots_list_changed = false;
  bool sampling = false;
  bool sampling_tools = false;      // 2025-11-25: tools/toolChoice in sampling requests
  bool elicitation_form = false;    // `elicitation: {}` means form mode only
  bool elicitation_url = false;     // 2025-11-25
  std::string json = "{}";          // as the client sent it, minified
};

// The `initialize` request, read and checked; errors name the offending field.
struct ClientHello {
  std::string requested_version;
  Revision revision = kLatestRevision;  // what the server answers with
  ClientCapabilities capabilities;
  std::string client_info_json;         // {"name":…,"version":…}, minified
};

boost::system::result<ClientHello, std::string> read_initialize_params(const std::optional<std::string>& params);

// The `initialize` result as the client reads it.
struct ServerHello {
  Revision revision = kLatestRevision;
  std::string capabilities_json = "{}";
  std::string server_info_json = "{}";
  std::optional<std::string> instructions;
};

boost::system::result<ServerHello, std::string> read_initialize_result(std::string_view result);

}  // namespace toolgate::mcp
