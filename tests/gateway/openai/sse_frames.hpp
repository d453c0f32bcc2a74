// Test helper: splits an SSE byte stream into its `data:` payloads and parses JSON ones back,
// so encoder tests can check shape as well as bytes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace toolgate::gateway::openai::testing {

// Payloads of "data: ...\n\n" frames; fails the test on bytes that are not such frames.
inline std::vector<std::string> sse_payloads(std::string_view stream) {
  std::vector<std::string> payloads;
  while (!stream.empty()) {
    const auto end = stream.find("\n\n");
    if (stream.substr(0, 6) != "data: " || end == std::string_view::npos) {
      ADD_FAILURE() << "not an SSE data frame: " << stream;
      break;
    }
    payloads.emplace_back(stream.substr(6, end - 6));
    stream.remove_prefix(end + 2);
  }
  return payloads;
}

inline boost::json::object parse_object(std::string_view payload) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(payload, ec);
  if (ec || !v.is_object()) {
    ADD_FAILURE() << "payload is not a JSON object: " << payload;
    return {};
  }
  return std::move(v.as_object());
}

}  // namespace toolgate::gateway::openai::testing
