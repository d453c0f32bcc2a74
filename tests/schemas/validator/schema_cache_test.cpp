#include "schemas/validator/schema_cache.hpp"

#include <gtest/gtest.h>

namespace toolgate::schemas {
namespace {

TEST(SchemaCacheTest, CompilesOncePerDistinctSchemaAndOptions) {
  SchemaCache cache(8, 1 << 20);
  auto a = cache.get(R"({"type":"string"})", {});
  auto b = cache.get(R"({"type":"string"})", {});
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->get(), b->get());
  CompileOptions formats;
  formats.assert_formats = true;
  auto c = cache.get(R"({"type":"string"})", formats);
  ASSERT_TRUE(c);
  EXPECT_NE(a->get(), c->get());
  EXPECT_EQ(cache.hits(), 1u);
  EXPECT_EQ(cache.misses(), 2u);
  EXPECT_EQ(cache.size(), 2u);
}

TEST(SchemaCacheTest, EvictsLeastRecentlyUsed) {
  SchemaCache cache(2, 1 << 20);
  ASSERT_TRUE(cache.get(R"({"minimum":1})", {}));
  ASSERT_TRUE(cache.get(R"({"minimum":2})", {}));
  ASSERT_TRUE(cache.get(R"({"minimum":1})", {}));  // refresh 1
  ASSERT_TRUE(cache.get(R"({"minimum":3})", {}));  // evicts 2
  EXPECT_EQ(cache.size(), 2u);
  const auto misses = cache.misses();
  ASSERT_TRUE(cache.get(R"({"minimum":1})", {}));
  EXPECT_EQ(cache.misses(), misses);
  ASSERT_TRUE(cache.get(R"({"minimum":2})", {}));
  EXPECT_EQ(cache.misses(), misses + 1);
}

TEST(SchemaCacheTest, TheByteBudgetEvictsAndOversizedSchemasAreNotKept) {
  const std::string small_a = R"({"description":")" + std::string(400, 'a') + R"("})";
  const std::string small_b = R"({"description":")" + std::string(400, 'b') + R"("})";
  const std::string huge = R"({"description":")" + std::string(2000, 'c') + R"("})";
  SchemaCache cache(100, 1000);
  ASSERT_TRUE(cache.get(small_a, {}));
  ASSERT_TRUE(cache.get(small_b, {}));
  EXPECT_EQ(cache.size(), 2u);
  ASSERT_TRUE(cache.get(R"({"description":")" + std::string(400, 'd') + R"("})", {}));  // over 1000: a goes
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_LE(cache.bytes(), 1000u);
  auto big = cache.get(huge, {});
  ASSERT_TRUE(big);  // compiled and usable,
  EXPECT_EQ(cache.size(), 2u);  // but never kept
  const auto misses = cache.misses();
  ASSERT_TRUE(cache.get(small_a, {}));
  EXPECT_EQ(cache.misses(), misses + 1);
}

TEST(SchemaCacheTest, ErrorsAreReturnedAndNotCached) {
  SchemaCache cache(4, 1 << 20);
  auto bad = cache.get(R"({"type":"strin"})", {});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().schema_location, "/type");
  EXPECT_EQ(cache.size(), 0u);
}

}  // namespace
}  // namespace toolgate::schemas
