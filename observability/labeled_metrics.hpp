// A prometheus family plus a cache from label values to the resolved metric.
// Family::Add locks and allocates; after the first hit a lookup is a shared-lock hash probe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include <prometheus/family.h>
#include <prometheus/histogram.h>

#include "observability/utf8.hpp"

namespace toolgate::observability {

// N label names fixed at construction; get() takes the values in the same order. Metrics live in
// the family (owned by the registry), so the references handed out stay valid for its lifetime.
template <typename Metric, std::size_t N>
class LabeledMetrics {
 public:
  LabeledMetrics(prometheus::Family<Metric>& family, std::array<std::string, N> label_names)
      : family_(family), label_names_(std::move(label_names)) {}

  // Histogram families: every series gets the same bucket boundaries.
  LabeledMetrics(prometheus::Family<Metric>& family, std::array<std::string, N> label_names,
                 std::vector<double> buckets)
      : family_(family), label_names_(std::move(label_names)), buckets_(std::move(buckets)) {}

  LabeledMetrics(const LabeledMetrics&) = delete;
  LabeledMetrics& operator=(const LabeledMetrics&) = delete;

  Metric& get(const std::array<std::string_view, N>& values) {
    // The key buffer is per thread and reused, so the hit path does not allocate.
    thread_local std::string key;
    encode_key(key, values);
    {
      const std::shared_lock lock(mutex_);
      if (const auto it = cache_.find(std::string_view(key)); it != cache_.end()) return *it->second;
    }
    const std::unique_lock lock(mutex_);
    if (const auto it = cache_.find(std::string_view(key)); it != cache_.end()) return *it->second;
    prometheus::Labels labels;
    for (std::size_t i = 0; i < N; ++i) {
      // The exposition format requires UTF-8 label values; a stray byte must not break a scrape.
      std::string value;
      append_utf8_repaired(value, values[i]);
      labels.emplace(label_names_[i], std::move(value));
    }
    Metric* metric = nullptr;
    if constexpr (std::is_same_v<Metric, prometheus::Histogram>) {
      metric = &family_.Add(labels, buckets_);
    } else {
      metric = &family_.Add(labels);
    }
    cache_.emplace(key, metric);
    return *metric;
  }

 private:
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  // Length-prefixed values: unambiguous whatever bytes a label value contains.
  static void encode_key(std::string& key, const std::array<std::string_view, N>& values) {
    key.clear();
    for (const std::string_view value : values) {
      const auto size = static_cast<std::uint32_t>(value.size());
      key.append(reinterpret_cast<const char*>(&size), sizeof size);
      key.append(value);
    }
  }

  prometheus::Family<Metric>& family_;
  const std::array<std::string, N> label_names_;
  const std::vector<double> buckets_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, Metric*, KeyHash, std::equal_to<>> cache_;
};

}  // namespace toolgate::observability
