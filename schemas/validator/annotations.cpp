#include <algorithm>

#include "schemas/validator/evaluator.hpp"

namespace toolgate::schemas {

namespace {

void set_bit(Annotations::Bits& bits, std::size_t index) {
  if (bits.size() <= index / 64) bits.resize(index / 64 + 1, 0);
  bits[index / 64] |= std::uint64_t{1} << (index % 64);
}

bool test_bit(const Annotations::Bits& bits, std::size_t index) {
  return index / 64 < bits.size() && (bits[index / 64] >> (index % 64) & 1) != 0;
}

void merge_bits(Annotations::Bits& into, const Annotations::Bits& from) {
  if (into.size() < from.size()) into.resize(from.size(), 0);
  for (std::size_t i = 0; i < from.size(); ++i) into[i] |= from[i];
}

}  // namespace

void Annotations::mark_property(std::size_t index) { set_bit(properties, index); }

void Annotations::mark_item(std::size_t index) { set_bit(items, index); }

bool Annotations::property_evaluated(std::size_t index) const { return all_properties || test_bit(properties, index); }

bool Annotations::item_evaluated(std::size_t index) const {
  return all_items || index < prefix_items || test_bit(items, index);
}

void Annotations::merge(const Annotations& other) {
  all_properties = all_properties || other.all_properties;
  merge_bits(properties, other.properties);
  all_items = all_items || other.all_items;
  prefix_items = std::max(prefix_items, other.prefix_items);
  merge_bits(items, other.items);
}

}  // namespace toolgate::schemas
