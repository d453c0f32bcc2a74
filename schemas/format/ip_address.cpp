#include "schemas/format/ip_address.hpp"

#include <cstddef>

namespace toolgate::schemas::format_detail {

namespace {

bool is_hex_digit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// dec-octet: 0-255 written without leading zeros ("01" would read as octal to inet_aton).
bool is_dec_octet(std::string_view part) {
  if (part.empty() || part.size() > 3 || (part.size() > 1 && part[0] == '0')) return false;
  int value = 0;
  for (char c : part) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  return value <= 255;
}

bool is_h16(std::string_view part) {
  if (part.empty() || part.size() > 4) return false;
  for (char c : part) {
    if (!is_hex_digit(c)) return false;
  }
  return true;
}

// Counts the 16-bit pieces in a colon-separated run ("" is none); -1 when a piece is malformed.
// Only the last piece of the whole address may be a dotted quad, worth two pieces.
int count_pieces(std::string_view run, bool may_end_in_ipv4) {
  if (run.empty()) return 0;
  int pieces = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t colon = run.find(':', start);
    const std::string_view piece = run.substr(start, colon == std::string_view::npos ? run.npos : colon - start);
    if (colon == std::string_view::npos) {
      if (may_end_in_ipv4 && piece.find('.') != std::string_view::npos) return is_ipv4(piece) ? pieces + 2 : -1;
      return is_h16(piece) ? pieces + 1 : -1;
    }
    if (!is_h16(piece)) return -1;
    ++pieces;
    start = colon + 1;
  }
}

}  // namespace

bool is_ipv4(std::string_view text) {
  std::size_t start = 0;
  for (int part = 0; part < 4; ++part) {
    const std::size_t dot = text.find('.', start);
    if ((part < 3) != (dot != std::string_view::npos)) return false;
    const std::string_view octet = text.substr(start, part < 3 ? dot - start : text.npos);
    if (!is_dec_octet(octet)) return false;
    start = dot + 1;
  }
  return true;
}

bool is_ipv6(std::string_view text) {
  const std::size_t gap = text.find("::");
  if (gap == std::string_view::npos) return count_pieces(text, true) == 8;
  const std::string_view head = text.substr(0, gap);
  const std::string_view tail = text.substr(gap + 2);
  if (tail.find("::") != std::string_view::npos) return false;
  const int head_pieces = count_pieces(head, false);
  const int tail_pieces = count_pieces(tail, true);
  // "::" stands for at least one zero piece, so at most seven may be written around it.
  return head_pieces >= 0 && tail_pieces >= 0 && head_pieces + tail_pieces <= 7;
}

}  // namespace toolgate::schemas::format_detail
