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

SchemaCache::SchemaCache(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

boost::system::result<CompiledSchemaPtr, SchemaError> SchemaCache::get(std::string_view schema_json,
                                                                       const CompileOptions& options) {
  std::string key = cache_key(schema_json, options);
  {
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(key); it != entries_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second.second);
      ++hits_;
      return it->second.first;
    }
    ++misses_;
  }
  // Compile outside the lock: a slow schema must not block lookups of other schemas.
  auto compiled = compile_schema(schema_json, options);
  if (!compiled) return compiled.error();
  std::lock_guard lock(mutex_);
  if (auto it = entries_.find(key); it != entries_.end()) return it->second.first;
  lru_.push_front(key);
  entries_.emplace(std::move(key), std::make_pair(*compiled, lru_.begin()));
  while (entries_.size() > capacity_) {
    entries_.erase(lru_.back());
    lru_.pop_back();
  }
  return *compiled;
}

SchemaCache& shared_schema_cache() {
  static SchemaCache cache(1024);
  return cache;
}

std::size_t SchemaCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
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
