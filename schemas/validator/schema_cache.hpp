// A bounded, thread-safe cache of compiled schemas keyed by schema content and compile options,
// so a schema sent with every request (tool parameters, response_format) is compiled once.
#pragma once

#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "schemas/validator/schema.hpp"

namespace toolgate::schemas {

// Bounded twice: by entry count and by the bytes of schema text held (compiled programs grow with
// their text), so a client sending many large distinct schemas cannot grow it without limit.
class SchemaCache {
 public:
  SchemaCache(std::size_t capacity, std::size_t max_bytes);

  // Returns the cached program for this (minified) schema text and options, compiling on a miss.
  // Compile errors are not cached: they are cheap to reproduce and bounded by the request size.
  // A schema larger than the whole byte budget is compiled and returned but not kept.
  boost::system::result<CompiledSchemaPtr, SchemaError> get(std::string_view schema_json,
                                                            const CompileOptions& options);

  std::size_t size() const;
  std::size_t bytes() const;
  std::size_t hits() const;
  std::size_t misses() const;

 private:
  // Keys live once, in entries_; the recency list views them (node-based map keys never move).
  using Lru = std::list<std::string_view>;
  struct Entry {
    CompiledSchemaPtr schema;
    Lru::iterator recency;
  };
  void evict_to_fit(std::size_t incoming);

  mutable std::mutex mutex_;
  std::size_t capacity_;
  std::size_t max_bytes_;
  std::size_t bytes_ = 0;
  Lru lru_;
  std::unordered_map<std::string, Entry> entries_;
  std::size_t hits_ = 0;
  std::size_t misses_ = 0;
};

// The process-wide cache the request paths share (OpenAI tools and response_format, MCP schemas),
// so a schema sent with every request is compiled once per process.
SchemaCache& shared_schema_cache();

}  // namespace toolgate::schemas
