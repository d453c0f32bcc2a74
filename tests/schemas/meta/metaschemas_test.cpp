#include "schemas/meta/metaschemas.hpp"

#include <algorithm>
#include <string>

#include <gtest/gtest.h>
#include <simdjson.h>

namespace toolgate::schemas {
namespace {

// Every official document the library promises, under the id it declares.
const char* const expected_uris[] = {
    "http://json-schema.org/draft-04/schema#",
    "http://json-schema.org/draft-06/schema#",
    "http://json-schema.org/draft-07/schema#",
    "https://json-schema.org/draft/2019-09/schema",
    "https://json-schema.org/draft/2019-09/meta/core",
    "https://json-schema.org/draft/2019-09/meta/applicator",
    "https://json-schema.org/draft/2019-09/meta/validation",
    "https://json-schema.org/draft/2019-09/meta/meta-data",
    "https://json-schema.org/draft/2019-09/meta/format",
    "https://json-schema.org/draft/2019-09/meta/content",
    "https://json-schema.org/draft/2020-12/schema",
    "https://json-schema.org/draft/2020-12/meta/core",
    "https://json-schema.org/draft/2020-12/meta/applicator",
    "https://json-schema.org/draft/2020-12/meta/unevaluated",
    "https://json-schema.org/draft/2020-12/meta/validation",
    "https://json-schema.org/draft/2020-12/meta/meta-data",
    "https://json-schema.org/draft/2020-12/meta/format-annotation",
    "https://json-schema.org/draft/2020-12/meta/content",
};

std::string declared_id(simdjson::dom::element document) {
  std::string_view id;
  if (document["$id"].get(id) != simdjson::SUCCESS) {
    EXPECT_EQ(document["id"].get(id), simdjson::SUCCESS) << "no $id nor id";
  }
  return std::string(id);
}

TEST(MetaschemasTest, EachBundledUriResolvesParsesAndDeclaresItself) {
  simdjson::dom::parser parser;
  for (const std::string uri : expected_uris) {
    const auto text = builtin_metaschema(uri);
    ASSERT_TRUE(text) << uri;
    simdjson::dom::element document;
    ASSERT_EQ(parser.parse(text->data(), text->size()).get(document), simdjson::SUCCESS) << uri;
    EXPECT_EQ(declared_id(document), uri);
    std::string_view schema;
    ASSERT_EQ(document["$schema"].get(schema), simdjson::SUCCESS) << uri;
  }
}

TEST(MetaschemasTest, AnEmptyFragmentIsOptional) {
  for (const std::string uri : expected_uris) {
    const std::string bare = uri.ends_with('#') ? uri.substr(0, uri.size() - 1) : uri;
    const auto with_fragment = builtin_metaschema(bare + "#");
    const auto without_fragment = builtin_metaschema(bare);
    ASSERT_TRUE(with_fragment) << uri;
    ASSERT_TRUE(without_fragment) << uri;
    EXPECT_EQ(with_fragment->data(), without_fragment->data()) << uri;
  }
}

TEST(MetaschemasTest, UnknownOrMisspelledUrisAreNotFound) {
  for (const char* uri : {"", "#", "http://json-schema.org/draft-07/schema##", "http://json-schema.org/draft-07/schema#/",
                          "https://json-schema.org/draft-07/schema#", "http://json-schema.org/draft/2020-12/schema",
                          "https://json-schema.org/draft/2020-12/schema/", "https://json-schema.org/draft/2020-12/meta/",
                          "https://json-schema.org/draft/2020-12/meta/format-annotation#foo",
                          "https://json-schema.org/draft/2020-12/meta/hyper-schema", "http://json-schema.org/draft-03/schema#",
                          "HTTPS://JSON-SCHEMA.ORG/draft/2020-12/schema"}) {
    EXPECT_FALSE(builtin_metaschema(uri)) << uri;
  }
}

TEST(MetaschemasTest, TheUriListMatchesTheLookup) {
  const auto uris = builtin_metaschema_uris();
  EXPECT_EQ(uris.size(), std::size(expected_uris));
  for (const std::string uri : expected_uris) {
    const std::string bare = uri.ends_with('#') ? uri.substr(0, uri.size() - 1) : uri;
    EXPECT_NE(std::find(uris.begin(), uris.end(), bare), uris.end()) << uri;
  }
  for (const auto uri : uris) {
    EXPECT_TRUE(builtin_metaschema(uri)) << uri;
  }
}

TEST(MetaschemasTest, DialectSchemasDeclareTheirVocabularies) {
  simdjson::dom::parser parser;
  const auto text = builtin_metaschema("https://json-schema.org/draft/2020-12/schema");
  ASSERT_TRUE(text);
  simdjson::dom::element document = parser.parse(text->data(), text->size()).value();
  simdjson::dom::object vocabulary;
  ASSERT_EQ(document["$vocabulary"].get(vocabulary), simdjson::SUCCESS);
  EXPECT_EQ(vocabulary.size(), 7U);
  bool format_annotation = false;
  ASSERT_EQ(vocabulary["https://json-schema.org/draft/2020-12/vocab/format-annotation"].get(format_annotation),
            simdjson::SUCCESS);
  EXPECT_TRUE(format_annotation);

  const auto text_2019 = builtin_metaschema("https://json-schema.org/draft/2019-09/schema#");
  ASSERT_TRUE(text_2019);
  simdjson::dom::element document_2019 = parser.parse(text_2019->data(), text_2019->size()).value();
  bool format_vocabulary = true;
  ASSERT_EQ(document_2019["$vocabulary"]["https://json-schema.org/draft/2019-09/vocab/format"].get(format_vocabulary),
            simdjson::SUCCESS);
  EXPECT_FALSE(format_vocabulary);
}

}  // namespace
}  // namespace toolgate::schemas
