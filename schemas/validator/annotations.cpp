#include "schemas/validator/evaluator.hpp"

namespace toolgate::schemas {

void Annotations::mark_property(std::size_t index, std::size_t count) {
  if (properties.size() < count) properties.resize(count);
  properties[index] = true;
}

void Annotations::mark_item(std::size_t index, std::size_t count) {
  if (items.size() < count) items.resize(count);
  items[index] = true;
}

bool Annotations::property_evaluated(std::size_t index) const {
  return all_properties || (index < properties.size() && properties[index]);
}

bool Annotations::item_evaluated(std::size_t index) const {
  return all_items || index < prefix_items || (index < items.size() && items[index]);
}

void Annotations::merge(const Annotations& other) {
  all_properties = all_properties || other.all_properties;
  if (!other.properties.empty()) {
    if (properties.size() < other.properties.size()) properties.resize(other.properties.size());
    for (std::size_t i = 0; i < other.properties.size(); ++i) {
      if (other.properties[i]) properties[i] = true;
    }
  }
  all_items = all_items || other.all_items;
  prefix_items = std::max(prefix_items, other.prefix_items);
  if (!other.items.empty()) {
    if (items.size() < other.items.size()) items.resize(other.items.size());
    for (std::size_t i = 0; i < other.items.size(); ++i) {
      if (other.items[i]) items[i] = true;
    }
  }
}

}  // namespace toolgate::schemas
