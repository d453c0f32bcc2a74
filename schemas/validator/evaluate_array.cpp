// Array keywords (see evaluator.hpp).
#include <algorithm>

#include "schemas/json/json_equal.hpp"
#include "schemas/validator/evaluator.hpp"

namespace toolgate::schemas {

namespace {

// Small arrays compare pairwise; larger ones sort hashes so only equal-hash runs are compared.
bool find_duplicate(simdjson::dom::array array, std::size_t& first, std::size_t& second) {
  std::vector<simdjson::dom::element> items(array.begin(), array.end());
  if (items.size() <= 16) {
    for (std::size_t i = 0; i < items.size(); ++i) {
      for (std::size_t j = i + 1; j < items.size(); ++j) {
        if (json_equal(items[i], items[j])) {
          first = i;
          second = j;
          return true;
        }
      }
    }
    return false;
  }
  std::vector<std::pair<std::size_t, std::size_t>> hashed;
  hashed.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) hashed.emplace_back(json_hash(items[i]), i);
  std::sort(hashed.begin(), hashed.end());
  for (std::size_t i = 0; i < hashed.size(); ++i) {
    for (std::size_t j = i + 1; j < hashed.size() && hashed[j].first == hashed[i].first; ++j) {
      if (json_equal(items[hashed[i].second], items[hashed[j].second])) {
        first = std::min(hashed[i].second, hashed[j].second);
        second = std::max(hashed[i].second, hashed[j].second);
        return true;
      }
    }
  }
  return false;
}

}  // namespace

bool Evaluator::array_keywords(const Instr& in, simdjson::dom::array array, Annotations* annotations) {
  switch (in.op) {
    case Op::min_items:
      if (array.size() >= in.a) return true;
      if (explain()) report(in, "minItems", "array must have at least " + std::to_string(in.a) + " items");
      return false;
    case Op::max_items:
      if (array.size() <= in.a) return true;
      if (explain()) report(in, "maxItems", "array must have at most " + std::to_string(in.a) + " items");
      return false;
    case Op::unique_items: {
      std::size_t first = 0;
      std::size_t second = 0;
      if (!find_duplicate(array, first, second)) return true;
      if (explain()) report(in, "uniqueItems",
             "items " + std::to_string(first) + " and " + std::to_string(second) + " are equal; items must be unique");
      return false;
    }
    case Op::prefix_items: {
      bool ok = true;
      std::size_t i = 0;
      for (auto item : array) {
        if (i >= in.b) break;
        if (!child(program_.lists[in.a + i], item, i)) {
          ok = false;
          if (stop()) return false;
        }
        ++i;
      }
      if (annotations) annotations->prefix_items = std::max(annotations->prefix_items, i);
      return ok;
    }
    case Op::items_from: {
      bool ok = true;
      std::size_t i = 0;
      const Block& b = program_.blocks[in.b];
      for (auto item : array) {
        if (i >= in.a) {
          if (b.is_false) {
            if (explain()) report(in, "items", "array must have at most " + std::to_string(in.a) + " items here (item " +
                                    std::to_string(i) + " is not allowed)");
            ok = false;
            if (stop()) return false;
          } else if (!child(in.b, item, i)) {
            ok = false;
            if (stop()) return false;
          }
        }
        ++i;
      }
      if (annotations && i > in.a) annotations->all_items = true;
      return ok;
    }
    case Op::contains: {
      const std::size_t m = mark();
      std::size_t matches = 0;
      std::size_t i = 0;
      for (auto item : array) {
        if (block(in.a, item, nullptr)) {
          ++matches;
          if (annotations) {
            annotations->mark_item(i);
          } else if (in.c == kNone && matches >= in.b) {
            break;
          }
        }
        ++i;
      }
      rewind(m);
      if (matches < in.b) {
        if (explain()) report(in, "contains", "array must contain at least " + std::to_string(in.b) + " matching item" +
                                   (in.b == 1 ? "" : "s") + ", found " + std::to_string(matches));
        return false;
      }
      if (in.c != kNone && matches > in.c) {
        if (explain()) report(in, "maxContains", "array must contain at most " + std::to_string(in.c) + " matching items, found " +
                                      std::to_string(matches));
        return false;
      }
      return true;
    }
    case Op::unevaluated_items: {
      bool ok = true;
      std::size_t i = 0;
      const Block& b = program_.blocks[in.a];
      for (auto item : array) {
        if (!annotations->item_evaluated(i)) {
          if (b.is_false) {
            if (explain()) report(in, "unevaluatedItems", "item " + std::to_string(i) + " is not allowed (unevaluatedItems is false)");
            ok = false;
            if (stop()) return false;
          } else if (!child(in.a, item, i)) {
            ok = false;
            if (stop()) return false;
          }
        }
        ++i;
      }
      annotations->all_items = true;
      return ok;
    }
    default:
      return true;
  }
}

}  // namespace toolgate::schemas
