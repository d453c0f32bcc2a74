#include "schemas/validator/schema_cache.hpp"

namespace toolgate::schemas {

namespace {

std::string cache_key(std::string_view schema_json, const CompileOptions& options) {
  std::string key;
  key.reserve(schema_json.size() + 48);
  key += dialect_name(options.default_dialect);
  key += options.assert_formats ? "|f|" : "|a|";
  key += std::to_string(reinterpret_cast<std::uintptr_t>(options.registry));
  key += '|';
  key += schema_json;
  return key;
}

}  // namespace

SchemaCache::SchemaCache(std::size_t capacity, std::size_t max_bytes)
    : capacity_(capacity == 0 ? 1 : capacity), max_bytes_(max_bytes) {}

void SchemaCache::evict_to_fit(std::size_t incoming) {
  while (!lru_.empty() && (entries_.size() + 1 > capacity_ || bytes_ + incoming > max_bytes_)) {
    auto it = entries_.find(std::string(lru_.back()));
    bytes_ -= it->first.size();
    lru_.pop_back();
    entries_.erase(it);
  }
}

boost::system::result<CompiledSchemaPtr, SchemaError> SchemaCache::get(std::string_view schema_json,
                                                                       const CompileOptions& options) {
  std::string key = cache_key(schema_json, options);
  {
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(key); it != entries_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second.recency);
      ++hits_;
      return it->second.schema;
    }
    ++misses_;
  }
  // Compile outside the lock: a slow schema must not block lookups of other schemas.
  auto compiled = compile_schema(schema_json, options);
  if (!compiled) return compiled.error();
  if (key.size() > max_bytes_) return *compiled;
  std::lock_guard lock(mutex_);
  if (auto it = entries_.find(key); it != entries_.end()) return it->second.schema;
  evict_to_fit(key.size());
  bytes_ += key.size();
  auto [it, inserted] = entries_.emplace(std::move(key), Entry{*compiled, {}});
  lru_.push_front(it->first);
  it->second.recency = lru_.begin();
  return *compiled;
}

SchemaCache& shared_schema_cache() {
  static SchemaCache cache(1024, 64u << 20);
  return cache;
}

std::size_t SchemaCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

std::size_t SchemaCache::bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

std::size_t SchemaCache::hits() const {
  std::lock_guard lock(mutex_);
  return hits_;
}

std::size_t SchemaCache::misses() const {
  std::lock_guard lock(mutex_);
  return misses_;
}

}  // namespace toolgate::schemas
