#include "net/line_splitter.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace toolgate::net {
namespace {

struct Seen {
  std::string text;
  bool overlong;
  bool operator==(const Seen&) const = default;
};

std::vector<Seen> drain(LineSplitter& splitter) {
  std::vector<Seen> out;
  while (auto line = splitter.next()) out.push_back({std::string(line->text), line->overlong});
  return out;
}

TEST(LineSplitterTest, SplitsOnNewlineAndDropsOneCarriageReturn) {
  LineSplitter splitter(100);
  splitter.push("a\nb\r\n\nc\r\r\n");
  EXPECT_EQ(drain(splitter), (std::vector<Seen>{{"a", false}, {"b", false}, {"", false}, {"c\r", false}}));
  EXPECT_FALSE(splitter.finish());
}

TEST(LineSplitterTest, HoldsAPartialLineUntilItsNewlineArrives) {
  LineSplitter splitter(100);
  splitter.push("{\"jsonrpc\":");
  EXPECT_TRUE(drain(splitter).empty());
  splitter.push("\"2.0\"}");
  EXPECT_TRUE(drain(splitter).empty());
  splitter.push("\nnext");
  EXPECT_EQ(drain(splitter), (std::vector<Seen>{{"{\"jsonrpc\":\"2.0\"}", false}}));
  auto tail = splitter.finish();
  ASSERT_TRUE(tail);
  EXPECT_EQ(tail->text, "next");
}

TEST(LineSplitterTest, ALineOfExactlyTheCapIsAccepted) {
  LineSplitter splitter(4);
  splitter.push("abcd\nabcde\n");
  EXPECT_EQ(drain(splitter), (std::vector<Seen>{{"abcd", false}, {"abcd", true}}));
}

TEST(LineSplitterTest, AnOverlongLineIsReportedOnceAndSkippedAcrossPushes) {
  LineSplitter splitter(8);
  splitter.push("0123456789");
  EXPECT_EQ(drain(splitter), (std::vector<Seen>{{"01234567", true}}));
  splitter.push(std::string(1000, 'x'));  // still the same line: dropped, not buffered
  EXPECT_TRUE(drain(splitter).empty());
  splitter.push("xx\nok\n");
  EXPECT_EQ(drain(splitter), (std::vector<Seen>{{"ok", false}}));
  EXPECT_FALSE(splitter.finish());
}

TEST(LineSplitterTest, AnUnterminatedOverlongTailIsNotReturnedAgainAtTheEnd) {
  LineSplitter splitter(3);
  splitter.push("abcdef");
  EXPECT_EQ(drain(splitter), (std::vector<Seen>{{"abc", true}}));
  EXPECT_FALSE(splitter.finish());
}

TEST(LineSplitterTest, ManySmallPushesKeepOrder) {
  LineSplitter splitter(16);
  std::string stream;
  for (int i = 0; i < 500; ++i) stream += std::to_string(i) + "\n";
  std::vector<Seen> lines;
  for (char c : stream) {
    splitter.push(std::string_view(&c, 1));
    for (auto& seen : drain(splitter)) lines.push_back(seen);
  }
  ASSERT_EQ(lines.size(), 500u);
  for (int i = 0; i < 500; ++i) EXPECT_EQ(lines[static_cast<std::size_t>(i)].text, std::to_string(i));
}

}  // namespace
}  // namespace toolgate::net
