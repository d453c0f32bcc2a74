// Public names for upstream tools when the hub merges catalogues: "<prefix><separator><tool>", kept
// within [A-Za-z0-9_.-]{1,64} so every LLM API accepts them, unique, and mapped back on tools/call.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <boost/system/result.hpp>

namespace toolgate::mcp {

struct ToolNaming {
  std::string separator = "__";
  std::size_t max_length = 64;  // Anthropic and OpenAI cap function names at 64
};

// The public name of `tool` from a server whose prefix is `prefix` (empty: no prefix). Characters
// outside [A-Za-z0-9_.-] become '_' (one per character, not per UTF-8 byte); a name past max_length
// keeps its start and ends in '_' plus 8 hex digits of a hash of the unshortened name, so shortening
// stays deterministic and distinct.
std::string public_tool_name(std::string_view prefix, std::string_view tool, const ToolNaming& naming);

struct UpstreamTool {
  std::string server;
  std::string tool;
};

// The names one hub exposes. A second tool mapping to the same public name is an error that names
// both servers (a configuration problem to fix, never a silent drop).
class ToolNameTable {
 public:
  explicit ToolNameTable(ToolNaming naming);

  boost::system::result<std::string, std::string> add(std::string_view server, std::string_view prefix,
                                                      std::string_view tool);
  std::optional<UpstreamTool> resolve(std::string_view public_name) const;
  std::size_t size() const { return tools_.size(); }

 private:
  ToolNaming naming_;
  std::map<std::string, UpstreamTool, std::less<>> tools_;
};

}  // namespace toolgate::mcp
