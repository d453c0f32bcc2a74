#include "mcp/protocol/logging_level.hpp"

#include <array>

namespace toolgate::mcp {

std::optional<int> logging_severity(std::string_view level) {
  static constexpr std::array<std::string_view, 8> kLevels = {"debug", "info",     "notice", "warning",
                                                              "error", "critical", "alert",  "emergency"};
  for (std::size_t i = 0; i < kLevels.size(); ++i) {
    if (kLevels[i] == level) return static_cast<int>(i);
  }
  return std::nullopt;
}

}  // namespace toolgate::mcp
