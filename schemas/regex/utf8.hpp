// Strict UTF-8 decoding of a pattern into code points (keeping each one's byte offset for error
// messages), and encoding back.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <boost/system/result.hpp>

namespace toolgate::schemas {

struct DecodedText {
  std::u32string cps;
  std::vector<std::size_t> offsets;  // byte offset of each code point, plus one for the end
};

// Rejects overlong forms, surrogates and truncated sequences, naming the offset.
boost::system::result<DecodedText, std::string> decode_utf8(std::string_view text);

std::string encode_utf8(std::u32string_view cps);

}  // namespace toolgate::schemas
