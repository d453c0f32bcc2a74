#include "mcp/protocol/revision.hpp"

namespace toolgate::mcp {

namespace {

struct Entry {
  Revision revision;
  std::string_view name;
  RevisionRules rules;
};

// From each revision's changelog (../shared/reference/mcp.md §1.1).
constexpr std::array<Entry, 4> kTable = {{
    {Revision::v2024_11_05, "2024-11-05", {false, false, false, false, false, false, schemas::Dialect::draft7}},
    {Revision::v2025_03_26, "2025-03-26", {true, false, true, false, false, false, schemas::Dialect::draft7}},
    {Revision::v2025_06_18, "2025-06-18", {false, true, true, true, false, false, schemas::Dialect::draft7}},
    {Revision::v2025_11_25, "2025-11-25", {false, true, true, true, true, true, schemas::Dialect::draft2020_12}},
}};

const Entry& entry(Revision revision) {
  for (const Entry& e : kTable) {
    if (e.revision == revision) return e;
  }
  return kTable.back();
}

}  // namespace

std::string_view to_string(Revision revision) { return entry(revision).name; }

std::optional<Revision> revision_from_string(std::string_view text) {
  for (const Entry& e : kTable) {
    if (e.name == text) return e.revision;
  }
  return std::nullopt;
}

Revision negotiate(std::string_view requested) { return revision_from_string(requested).value_or(kLatestRevision); }

const RevisionRules& rules(Revision revision) { return entry(revision).rules; }

}  // namespace toolgate::mcp
