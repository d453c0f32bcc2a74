#include "schemas/json/json_pointer.hpp"

#include <gtest/gtest.h>

namespace toolgate::schemas {
namespace {

using Tokens = std::vector<std::string>;
using ParseResult = boost::system::result<Tokens, std::string>;

// result<T, std::string> has no throwing value(): a failed parse is reported and yields a marker.
Tokens ok(const ParseResult& result) {
  EXPECT_TRUE(result) << result.error();
  return result ? *result : Tokens{"<parse error>"};
}

TEST(JsonPointerTest, ParsesTokensAndEscapes) {
  EXPECT_EQ(ok(parse_json_pointer("")), Tokens{});
  EXPECT_EQ(ok(parse_json_pointer("/")), Tokens{""});
  EXPECT_EQ(ok(parse_json_pointer("/a/b~1c")), (Tokens{"a", "b/c"}));
  EXPECT_EQ(ok(parse_json_pointer("/m~0n")), Tokens{"m~n"});
  EXPECT_EQ(ok(parse_json_pointer("/~01")), Tokens{"~1"});
  EXPECT_EQ(ok(parse_json_pointer("/~10")), Tokens{"/0"});
  EXPECT_EQ(ok(parse_json_pointer("//a//")), (Tokens{"", "a", "", ""}));
  EXPECT_EQ(ok(parse_json_pointer("/ /%25/\xc3\xa9")), (Tokens{" ", "%25", "\xc3\xa9"}));
}

TEST(JsonPointerTest, RejectsMalformedPointersWithAReason) {
  const auto no_slash = parse_json_pointer("a/b");
  ASSERT_FALSE(no_slash);
  EXPECT_NE(no_slash.error().find("start with '/'"), std::string::npos);

  for (const char* bad : {"/~", "/a~2", "/~a", "/x/~"}) {
    const auto result = parse_json_pointer(bad);
    ASSERT_FALSE(result) << bad;
    EXPECT_NE(result.error().find("invalid escape"), std::string::npos) << result.error();
  }
}

TEST(JsonPointerTest, FragmentFormPercentDecodesFirst) {
  EXPECT_EQ(ok(parse_fragment_pointer("")), Tokens{});
  EXPECT_EQ(ok(parse_fragment_pointer("/definitions/a%20b")), (Tokens{"definitions", "a b"}));
  EXPECT_EQ(ok(parse_fragment_pointer("/%25")), Tokens{"%"});
  EXPECT_EQ(ok(parse_fragment_pointer("/%7e0/%7E1")), (Tokens{"~", "/"}));
  // An encoded '/' still separates tokens, as decoding happens before parsing.
  EXPECT_EQ(ok(parse_fragment_pointer("/a%2Fb")), (Tokens{"a", "b"}));
  EXPECT_EQ(ok(parse_fragment_pointer("/%C3%A9t%C3%A9")), Tokens{"\xc3\xa9t\xc3\xa9"});
  EXPECT_EQ(ok(parse_fragment_pointer("%2Fa")), Tokens{"a"});
}

TEST(JsonPointerTest, FragmentFormRejectsBadEncoding) {
  for (const char* bad : {"/%", "/%2", "/%zz", "/%g0", "/a%"}) {
    const auto result = parse_fragment_pointer(bad);
    ASSERT_FALSE(result) << bad;
    EXPECT_NE(result.error().find("percent-encoding"), std::string::npos) << result.error();
  }
  const auto not_utf8 = parse_fragment_pointer("/%C3");
  ASSERT_FALSE(not_utf8);
  EXPECT_NE(not_utf8.error().find("UTF-8"), std::string::npos);
  EXPECT_FALSE(parse_fragment_pointer("/%FF%FE"));
  EXPECT_FALSE(parse_fragment_pointer("a"));
  EXPECT_FALSE(parse_fragment_pointer("/%7E2"));
}

TEST(JsonPointerTest, BuildsEscapedPointers) {
  std::string pointer;
  append_pointer_token(pointer, "a/b");
  append_pointer_token(pointer, "m~n");
  append_pointer_token(pointer, "");
  append_pointer_index(pointer, 0);
  append_pointer_index(pointer, 18446744073709551615ULL);
  EXPECT_EQ(pointer, "/a~1b/m~0n//0/18446744073709551615");
  EXPECT_EQ(to_json_pointer({}), "");
  EXPECT_EQ(to_json_pointer({"~/", "x"}), "/~0~1/x");
}

TEST(JsonPointerTest, RoundTripsThroughParse) {
  const Tokens tokens{"", "~", "/", "~1", "a/b~c", "\xe2\x82\xac", "0"};
  EXPECT_EQ(ok(parse_json_pointer(to_json_pointer(tokens))), tokens);
}

class ResolveTest : public ::testing::Test {
 protected:
  simdjson::dom::element parse(std::string_view json) { return parser_.parse(json.data(), json.size()).value(); }

  std::optional<simdjson::dom::element> resolve(simdjson::dom::element root, std::string_view pointer) {
    return resolve_json_pointer(root, ok(parse_json_pointer(pointer)));
  }

  simdjson::dom::parser parser_;
};

// The examples of RFC 6901 section 5.
TEST_F(ResolveTest, Rfc6901Examples) {
  const auto root = parse(R"({"foo": ["bar", "baz"], "": 0, "a/b": 1, "c%d": 2, "e^f": 3, "g|h": 4,
                              "i\\j": 5, "k\"l": 6, " ": 7, "m~n": 8})");
  EXPECT_EQ(resolve(root, "")->type(), simdjson::dom::element_type::OBJECT);
  EXPECT_EQ(resolve(root, "/foo")->type(), simdjson::dom::element_type::ARRAY);
  EXPECT_EQ(std::string_view(resolve(root, "/foo/0")->get_string().value()), "bar");
  EXPECT_EQ(std::string_view(resolve(root, "/foo/1")->get_string().value()), "baz");
  const std::pair<const char*, std::int64_t> members[] = {{"/", 0},    {"/a~1b", 1}, {"/c%d", 2}, {"/e^f", 3},
                                                          {"/g|h", 4}, {"/i\\j", 5}, {"/k\"l", 6}, {"/ ", 7},
                                                          {"/m~0n", 8}};
  for (const auto& [pointer, expected] : members) {
    const auto found = resolve(root, pointer);
    ASSERT_TRUE(found) << pointer;
    EXPECT_EQ(found->get_int64().value(), expected) << pointer;
  }
  // The same, written as URI fragments.
  const auto by_fragment = resolve_json_pointer(root, ok(parse_fragment_pointer("/c%25d")));
  ASSERT_TRUE(by_fragment);
  EXPECT_EQ(by_fragment->get_int64().value(), 2);
  EXPECT_EQ(resolve_json_pointer(root, ok(parse_fragment_pointer("/%20")))->get_int64().value(), 7);
}

TEST_F(ResolveTest, ArrayIndicesMustBeCanonical) {
  const auto root = parse(R"({"a": [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]})");
  EXPECT_EQ(resolve(root, "/a/10")->get_int64().value(), 20);
  EXPECT_EQ(resolve(root, "/a/0")->get_int64().value(), 10);
  for (const char* bad : {"/a/01", "/a/-", "/a/11", "/a/-1", "/a/+1", "/a/1.0", "/a/", "/a/ 1", "/a/1a",
                          "/a/99999999999999999999999"}) {
    EXPECT_FALSE(resolve(root, bad)) << bad;
  }
}

TEST_F(ResolveTest, MissingMembersAndScalarsDoNotResolve) {
  const auto root = parse(R"({"a": {"b": null, "s": "text", "n": 1}, "0": true})");
  EXPECT_EQ(resolve(root, "/a/b")->type(), simdjson::dom::element_type::NULL_VALUE);
  EXPECT_TRUE(resolve(root, "/0")->get_bool().value());
  EXPECT_FALSE(resolve(root, "/b"));
  EXPECT_FALSE(resolve(root, "/a/s/0"));
  EXPECT_FALSE(resolve(root, "/a/n/x"));
  EXPECT_FALSE(resolve(root, "/a/b/c"));
  EXPECT_FALSE(resolve(root, "/A"));
}

TEST_F(ResolveTest, KeysMatchAfterUnescapingTheDocument) {
  const auto root = parse(R"({"\u00e9": 1, "tab\t": 2, "a\/b": 3})");
  EXPECT_EQ(resolve(root, "/\xc3\xa9")->get_int64().value(), 1);
  EXPECT_EQ(resolve(root, "/tab\t")->get_int64().value(), 2);
  EXPECT_EQ(resolve(root, "/a~1b")->get_int64().value(), 3);
}

}  // namespace
}  // namespace toolgate::schemas
