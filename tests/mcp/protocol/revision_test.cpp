#include "mcp/protocol/revision.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace toolgate::mcp {
namespace {

TEST(McpRevisionTest, NamesRoundTrip) {
  for (Revision r : kRevisions) EXPECT_EQ(revision_from_string(to_string(r)), r);
  EXPECT_FALSE(revision_from_string("2025-06-17"));
  EXPECT_FALSE(revision_from_string(""));
}

TEST(McpRevisionTest, NegotiationEchoesSupportedRevisionsAndOtherwiseOffersTheLatest) {
  EXPECT_EQ(negotiate("2024-11-05"), Revision::v2024_11_05);
  EXPECT_EQ(negotiate("2025-06-18"), Revision::v2025_06_18);
  EXPECT_EQ(negotiate("2099-01-01"), kLatestRevision);
  EXPECT_EQ(negotiate("garbage"), kLatestRevision);
}

TEST(McpRevisionTest, RulesFollowTheChangelogs) {
  EXPECT_TRUE(rules(Revision::v2025_03_26).batches);
  for (Revision r : {Revision::v2024_11_05, Revision::v2025_06_18, Revision::v2025_11_25}) EXPECT_FALSE(rules(r).batches);
  EXPECT_FALSE(rules(Revision::v2025_03_26).protocol_version_header);
  EXPECT_TRUE(rules(Revision::v2025_06_18).protocol_version_header);
  EXPECT_FALSE(rules(Revision::v2024_11_05).audio_content);
  EXPECT_TRUE(rules(Revision::v2025_03_26).audio_content);
  EXPECT_TRUE(rules(Revision::v2025_06_18).structured_content);
  EXPECT_FALSE(rules(Revision::v2025_06_18).tool_input_errors_as_results);
  EXPECT_TRUE(rules(Revision::v2025_11_25).tool_input_errors_as_results);
  EXPECT_EQ(rules(Revision::v2025_06_18).schema_dialect, schemas::Dialect::draft7);
  EXPECT_EQ(rules(Revision::v2025_11_25).schema_dialect, schemas::Dialect::draft2020_12);
}

// Every revision toolgate speaks has its official schema in the shared test data, which later tests
// validate every outgoing message against.
TEST(McpRevisionTest, EachRevisionHasItsOfficialSchema) {
  const auto root = std::filesystem::path(TOOLGATE_SOURCE_DIR) / ".." / "shared" / "testdata" / "mcp-schema";
  for (Revision r : kRevisions) {
    EXPECT_TRUE(std::filesystem::exists(root / std::string(to_string(r)) / "schema.json")) << to_string(r);
  }
}

}  // namespace
}  // namespace toolgate::mcp
