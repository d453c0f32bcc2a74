// The hub's pagination cursor: where an aggregated list continues (which upstream, and that
// upstream's own cursor), encoded opaque for clients and checked strictly when it comes back.
#pragma once

#include <string>
#include <string_view>

#include <boost/system/result.hpp>

namespace toolgate::mcp {

struct HubCursor {
  std::string server;           // the upstream whose page comes next (by configured name)
  std::string upstream_cursor;  // that upstream's nextCursor; empty: its first page
};

// base64url (no padding) of a small versioned JSON object; no upstream cursor is ever dropped.
std::string encode_cursor(const HubCursor& cursor);

// The message is for a -32602 "invalid cursor" error.
boost::system::result<HubCursor, std::string> decode_cursor(std::string_view text);

}  // namespace toolgate::mcp
