// Readers for ECMA-262 escapes with the `u` flag: character escapes (\n, \cX, \x41, \u0041,
// \u{1F600}, surrogate pairs), group names and \p{...} property escapes.
#pragma once

#include <cstddef>
#include <string>

#include "schemas/regex/pattern_cursor.hpp"

namespace toolgate::schemas {

// CharacterEscape, with the cursor just past the backslash at `start`.
bool read_character_escape(PatternCursor& cursor, char32_t& cp, bool in_class, std::size_t start);

// RegExpUnicodeEscapeSequence, with the cursor just past "\u".
bool read_unicode_escape(PatternCursor& cursor, char32_t& cp);

// RegExpIdentifierName, with the cursor just past '<'; consumes the closing '>'. UTF-8 result.
bool read_group_name(PatternCursor& cursor, std::string& name);

// `\p{...}` or `\P{...}` with the cursor on the 'p' or 'P'; `pcre` receives the PCRE2 escape and
// `unsupported` a note when PCRE2 lacks a property ECMA-262 defines.
bool read_property_escape(PatternCursor& cursor, std::string& pcre, std::string& unsupported);

}  // namespace toolgate::schemas
