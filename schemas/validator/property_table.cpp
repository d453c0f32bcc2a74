#include "schemas/validator/property_table.hpp"

#include <cstring>

namespace toolgate::schemas {

namespace {

std::uint64_t load_up_to_8(const char* p, std::size_t n) {
  std::uint64_t v = 0;
  std::memcpy(&v, p, n < 8 ? n : 8);
  return v;
}

}  // namespace

// Keys are short and usually differ in their first or last bytes, so those plus the length
// separate them well without touching every byte of long keys.
std::uint64_t PropertyTable::hash(std::string_view name) {
  const std::size_t n = name.size();
  std::uint64_t h = load_up_to_8(name.data(), n) * 0x9E3779B97F4A7C15ull;
  if (n > 8) h ^= load_up_to_8(name.data() + n - 8, 8) * 0xC2B2AE3D27D4EB4Full;
  if (n > 16) h ^= load_up_to_8(name.data() + n / 2 - 4, 8) * 0x165667B19E3779F9ull;
  h ^= n * 0xFF51AFD7ED558CCDull;
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 32;
  return h;
}

std::uint32_t PropertyTable::find_hashed(std::string_view name) const {
  for (std::uint64_t i = hash(name) & mask_;; i = (i + 1) & mask_) {
    std::uint32_t slot = slots_[i];
    if (slot == npos) return npos;
    const std::string& candidate = names_[slot];
    if (candidate.size() == name.size() && std::memcmp(candidate.data(), name.data(), name.size()) == 0) {
      return slot;
    }
  }
}

std::uint32_t PropertyTable::insert(std::string_view name) {
  if (std::uint32_t existing = find(name); existing != npos) return existing;
  names_.emplace_back(name);
  heads_.push_back(head(name));
  if (names_.size() * 2 > slots_.size()) {
    rehash(slots_.empty() ? 8 : slots_.size() * 2);
  } else {
    std::uint64_t i = hash(name) & mask_;
    while (slots_[i] != npos) i = (i + 1) & mask_;
    slots_[i] = static_cast<std::uint32_t>(names_.size() - 1);
  }
  return static_cast<std::uint32_t>(names_.size() - 1);
}

void PropertyTable::rehash(std::size_t slots) {
  slots_.assign(slots, npos);
  mask_ = slots - 1;
  for (std::uint32_t n = 0; n < names_.size(); ++n) {
    std::uint64_t i = hash(names_[n]) & mask_;
    while (slots_[i] != npos) i = (i + 1) & mask_;
    slots_[i] = n;
  }
}

}  // namespace toolgate::schemas
