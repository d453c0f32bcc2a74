// The MCP protocol revisions toolgate speaks, how one is chosen at `initialize`, and the rules each
// negotiated revision switches on for the rest of a session (batches, headers, content, schemas).
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include "schemas/validator/dialect.hpp"

namespace toolgate::mcp {

enum class Revision { v2024_11_05, v2025_03_26, v2025_06_18, v2025_11_25 };

inline constexpr std::array<Revision, 4> kRevisions = {Revision::v2024_11_05, Revision::v2025_03_26,
                                                       Revision::v2025_06_18, Revision::v2025_11_25};
inline constexpr Revision kLatestRevision = Revision::v2025_11_25;

std::string_view to_string(Revision revision);
std::optional<Revision> revision_from_string(std::string_view text);

// A server's answer to the protocolVersion a client asks for: the same revision when supported,
// otherwise the latest it speaks (the client then decides whether to continue).
Revision negotiate(std::string_view requested);

// What a revision changes for a session once negotiated.
struct RevisionRules {
  bool batches;                      // JSON-RPC arrays (2025-03-26 only)
  bool protocol_version_header;      // MCP-Protocol-Version on every HTTP request after initialize
  bool audio_content;
  bool structured_content;           // structuredContent + outputSchema, resource_link, elicitation
  bool tool_input_errors_as_results; // input-validation failures are isError results, not -32602
  bool forbidden_origin_is_403;
  schemas::Dialect schema_dialect;   // for tool and elicitation schemas without `$schema`
};

const RevisionRules& rules(Revision revision);

}  // namespace toolgate::mcp
