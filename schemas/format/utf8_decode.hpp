// Strict UTF-8 decoding for the format checkers that accept non-ASCII text (IRIs, IDNs, e-mail).
// Ill-formed input (overlong forms, surrogates, values above U+10FFFF, truncation) never decodes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace toolgate::schemas::format_detail {

// Decodes the code point starting at text[pos] and advances `pos` past it.
std::optional<char32_t> decode_utf8(std::string_view text, std::size_t& pos);

// The whole text as code points, or nullopt when any part is ill-formed.
std::optional<std::u32string> decode_utf8_all(std::string_view text);

}  // namespace toolgate::schemas::format_detail
