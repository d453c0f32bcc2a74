#include "mcp/hub/cursor.hpp"

#include <array>
#include <cstdint>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace toolgate::mcp {

namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::size_t kMaxCursorBytes = 8192;

std::string base64url(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t v = (std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16) |
                            (std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8) |
                            static_cast<unsigned char>(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out.push_back(kAlphabet[(v >> shift) & 63]);
  }
  if (const std::size_t rest = bytes.size() - i; rest > 0) {
    std::uint32_t v = std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16;
    if (rest == 2) v |= std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    if (rest == 2) out.push_back(kAlphabet[(v >> 6) & 63]);
  }
  return out;
}

bool unbase64url(std::string_view text, std::string& out) {
  std::array<int, 256> value{};
  value.fill(-1);
  for (std::size_t k = 0; k < kAlphabet.size(); ++k) value[static_cast<unsigned char>(kAlphabet[k])] = static_cast<int>(k);
  if (text.size() % 4 == 1) return false;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    const int v = value[static_cast<unsigned char>(c)];
    if (v < 0) return false;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  // Leftover bits must be zero, or two texts would decode to the same cursor.
  return (buffer & ((1u << bits) - 1)) == 0;
}

}  // namespace

std::string encode_cursor(const HubCursor& cursor) {
  boost::json::object o{{"v", 1}, {"s", cursor.server}, {"c", cursor.upstream_cursor}};
  return base64url(boost::json::serialize(o));
}

boost::system::result<HubCursor, std::string> decode_cursor(std::string_view text) {
  using R = boost::system::result<HubCursor, std::string>;
  if (text.empty() || text.size() > kMaxCursorBytes) return R(boost::system::in_place_error, "cursor has a bad length");
  std::string json;
  if (!unbase64url(text, json)) return R(boost::system::in_place_error, "cursor is not one this gateway issued");
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(json, ec);
  const boost::json::object* o = ec ? nullptr : value.if_object();
  const boost::json::value* version = o ? o->if_contains("v") : nullptr;
  const boost::json::value* server = o ? o->if_contains("s") : nullptr;
  const boost::json::value* upstream = o ? o->if_contains("c") : nullptr;
  if (!version || !version->is_int64() || version->as_int64() != 1 || !server || !server->is_string() ||
      server->as_string().empty() || !upstream || !upstream->is_string() || o->size() != 3) {
    return R(boost::system::in_place_error, "cursor is not one this gateway issued");
  }
  return R(boost::system::in_place_value,
           HubCursor{std::string(server->as_string()), std::string(upstream->as_string())});
}

}  // namespace toolgate::mcp
