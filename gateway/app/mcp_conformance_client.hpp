// `toolgate mcp conformance URL`: the client under test in the official conformance suite's client mode.
// MCP_CONFORMANCE_SCENARIO names the scenario; the suite's own test server sits behind URL.
#pragma once

#include <iosfwd>
#include <span>
#include <string>
#include <string_view>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include "gateway/app/mcp_client_command.hpp"
#include "mcp/client/client_session.hpp"

namespace toolgate::gateway::app {

// What one client-mode scenario expects of a client (read from the suite's scenario sources). Every
// scenario initializes and closes; those naming a tool also list the tools and call that one.
struct ConformanceScenario {
  std::string_view name;               // as MCP_CONFORMANCE_SCENARIO spells it
  std::string_view capabilities_json;  // the client capabilities declared at initialize
  std::string_view tool;               // empty: initialize, then close
  std::string_view arguments_json;     // the tool's arguments object
};

// The scenarios toolgate plays, in the suite's listing order.
std::span<const ConformanceScenario> conformance_scenarios();

// The scenario called `name`, or null.
const ConformanceScenario* find_conformance_scenario(std::string_view name);

// The result of an elicitation/create request (its params as JSON text): a form request is accepted with
// every field of `requestedSchema` that declares a `default` set to it; a form whose required field has no
// default, or a URL-mode request, is declined. An error names what is malformed in the params.
boost::system::result<std::string, std::string> answer_elicitation_with_defaults(std::string_view params_json);

// Runs the scenario named by MCP_CONFORMANCE_SCENARIO against the server `factory` reaches. Exit status as
// run_mcp_client's; a missing or unknown scenario is a usage error (2).
boost::asio::awaitable<int> run_conformance_client(boost::asio::any_io_executor ex, mcp::TransportFactory factory,
                                                   const McpClientCommand& cmd, std::ostream& out, std::ostream& err);

}  // namespace toolgate::gateway::app
