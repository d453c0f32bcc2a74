// A read-mostly string -> index map for property names and string enums: one hash of the key's
// length and edge bytes, one probe in a power-of-two table, then a length-checked compare.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace toolgate::schemas {

class PropertyTable {
 public:
  static constexpr std::uint32_t npos = 0xFFFFFFFFu;

  // Adds `name` if absent; returns its index (insertion order, dense from 0).
  std::uint32_t insert(std::string_view name);
  std::uint32_t find(std::string_view name) const {
    if (names_.size() <= kLinearMax) {
      const Head h = head(name);
      for (std::uint32_t i = 0; i < heads_.size(); ++i) {
        if (matches(i, h, name)) return i;
      }
      return npos;
    }
    return find_hashed(name);
  }

  // Tries `hint` first. Objects usually list members in schema order (LLM output always does), so
  // passing "previous match + 1" turns most lookups into a single compare.
  [[gnu::always_inline]] std::uint32_t find(std::string_view name, std::uint32_t hint) const {
    if (hint < heads_.size() && matches(hint, head(name), name)) return hint;
    return find(name);
  }

  std::uint32_t size() const { return static_cast<std::uint32_t>(names_.size()); }
  const std::string& name(std::uint32_t index) const { return names_[index]; }

 private:
  void rehash(std::size_t slots);
  static std::uint64_t hash(std::string_view name);

  // Up to kLinearMax names are found by scanning (length, first 8 bytes) pairs, which beats
  // hashing for the handful of properties most schemas declare.
  static constexpr std::size_t kLinearMax = 8;
  struct Head {
    std::uint64_t size;
    std::uint64_t prefix;
  };
  static Head head(std::string_view name) { return Head{name.size(), load_prefix(name.data(), name.size())}; }

  // The first min(n, 8) bytes as a little-endian word, with fixed-size loads only (a variable-size
  // memcpy is a library call, and this runs once per object member).
  [[gnu::always_inline]] static std::uint64_t load_prefix(const char* p, std::size_t n) {
    if (n >= 8) {
      std::uint64_t v;
      std::memcpy(&v, p, 8);
      return v;
    }
    if (n >= 4) {
      std::uint32_t lo;
      std::uint32_t hi;
      std::memcpy(&lo, p, 4);
      std::memcpy(&hi, p + n - 4, 4);
      return lo | (std::uint64_t{hi} << ((n - 4) * 8));
    }
    if (n == 0) return 0;
    const auto byte = [p](std::size_t i) { return std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i); };
    return byte(0) | byte(n / 2) | byte(n - 1);
  }
  std::uint32_t find_hashed(std::string_view name) const;

  [[gnu::always_inline]] bool matches(std::uint32_t i, const Head& h, std::string_view name) const {
    if (heads_[i].size != h.size || heads_[i].prefix != h.prefix) return false;
    if (h.size <= 8) return true;
    // Compare the rest 8 bytes at a time, the last load overlapping the previous one.
    const char* a = names_[i].data();
    const char* b = name.data();
    for (std::size_t off = 8;; off += 8) {
      if (off + 8 >= h.size) off = h.size - 8;
      std::uint64_t x;
      std::uint64_t y;
      std::memcpy(&x, a + off, 8);
      std::memcpy(&y, b + off, 8);
      if (x != y) return false;
      if (off + 8 >= h.size) return true;
    }
  }

  std::vector<std::string> names_;
  std::vector<Head> heads_;
  std::vector<std::uint32_t> slots_;  // index into names_ or npos
  std::uint64_t mask_ = 0;
};

}  // namespace toolgate::schemas
