#include "mcp/hub/tool_names.hpp"

#include <cstdint>

namespace toolgate::mcp {

namespace {

bool allowed(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '-';
}

// FNV-1a: a stable hash across processes and builds, so shortened names never change.
std::uint32_t fnv1a(std::string_view text) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : text) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

}  // namespace

std::string public_tool_name(std::string_view prefix, std::string_view tool, const ToolNaming& naming) {
  std::string full;
  if (!prefix.empty()) {
    full.append(prefix).append(naming.separator);
  }
  full.append(tool);
  std::string name;
  name.reserve(full.size());
  for (char c : full) {
    // One '_' per character, not per UTF-8 byte: continuation bytes add nothing.
    if ((static_cast<unsigned char>(c) & 0xC0) == 0x80) continue;
    name.push_back(allowed(c) ? c : '_');
  }
  if (name.empty()) name = "_";
  if (name.size() <= naming.max_length) return name;
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string suffix = "_";
  const std::uint32_t h = fnv1a(full);
  for (int shift = 28; shift >= 0; shift -= 4) suffix.push_back(kHex[(h >> shift) & 0xF]);
  const std::size_t keep = naming.max_length > suffix.size() ? naming.max_length - suffix.size() : 0;
  name.resize(keep);
  name += suffix;
  return name.substr(0, naming.max_length);
}

ToolNameTable::ToolNameTable(ToolNaming naming) : naming_(std::move(naming)) {}

boost::system::result<std::string, std::string> ToolNameTable::add(std::string_view server, std::string_view prefix,
                                                                   std::string_view tool) {
  std::string name = public_tool_name(prefix, tool, naming_);
  auto [it, inserted] = tools_.try_emplace(name, UpstreamTool{std::string(server), std::string(tool)});
  if (!inserted) {
    if (it->second.server == server && it->second.tool == tool) return {boost::system::in_place_value, name};
    return {boost::system::in_place_error,
            "tool \"" + std::string(tool) + "\" of server \"" + std::string(server) + "\" and tool \"" +
                it->second.tool + "\" of server \"" + it->second.server + "\" both become \"" + name +
                "\"; give one server a prefix or rename through its allow list"};
  }
  return {boost::system::in_place_value, name};
}

std::optional<UpstreamTool> ToolNameTable::resolve(std::string_view public_name) const {
  auto it = tools_.find(public_name);
  if (it == tools_.end()) return std::nullopt;
  return it->second;
}

}  // namespace toolgate::mcp
