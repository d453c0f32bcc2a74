// Progress tokens inside JSON-RPC params: reading `_meta.progressToken`, setting it on an outgoing
// request, and reading the token of a notifications/progress. Tokens travel as their JSON text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace toolgate::mcp {

// `params._meta.progressToken` (a string or an integer) as JSON text; nullopt when absent or of another type.
std::optional<std::string> read_progress_token(const std::optional<std::string>& params);
// `params` (an object, or none) with `_meta.progressToken` set to the JSON text `token`.
std::string with_progress_token(const std::optional<std::string>& params, std::string_view token);
// Replaces the `progressToken` member of a notifications/progress params object; nullopt when it has none.
std::optional<std::string> retoken_progress(std::string_view progress_params, std::string_view token);
// The `progressToken` member of a notifications/progress params object, as JSON text.
std::optional<std::string> progress_token_of(std::string_view progress_params);

}  // namespace toolgate::mcp
