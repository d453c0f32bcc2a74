// `toolgate mcp ...`: an MCP client for operators and for the conformance suite's client mode. It
// connects to a server over Streamable HTTP, legacy SSE or a launched stdio command, and runs one action.
#pragma once

#include <chrono>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace toolgate::gateway::app {

enum class McpAction { ping, list, call, read, get, conformance };
enum class McpTargetKind { streamable_http, sse, stdio };

struct McpClientCommand {
  McpAction action = McpAction::ping;
  std::string what = "tools";                 // list: tools | resources | templates | prompts
  std::string name;                           // call: tool; get: prompt; read: URI
  std::string arguments_json = "{}";          // call/get: the arguments object
  McpTargetKind kind = McpTargetKind::streamable_http;
  std::string url;                            // streamable_http / sse
  std::vector<std::string> command;           // stdio: argv after `--`
  std::vector<std::pair<std::string, std::string>> headers;
  std::string bearer_env;                     // environment variable holding a bearer token
  std::chrono::milliseconds timeout{30'000};
  std::string protocol_version;               // empty: toolgate's latest
};

// Exit status: 0 ok, 1 the server answered with an error (JSON-RPC error, or a tool result with
// isError), 2 usage error, 3 the server could not be reached or initialized.
int run_mcp_client(const McpClientCommand& command, std::ostream& out, std::ostream& err);

}  // namespace toolgate::gateway::app
