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

class SchemaCache {
 public:
  explicit SchemaCache(std::size_t capacity);

  // Returns the cached program for this (minified) schema text and options, compiling on a miss.
  // Compile errors are not cached: they are cheap to reproduce and bounded by the request size.
  boost::system::result<CompiledSchemaPtr, SchemaError> get(std::string_view schema_json,
                                                            const CompileOptions& options);

  std::size_t size() const;
  std::size_t hits() const;
  std::size_t misses() const;

 private:
  using Lru = std::list<std::string>;
  mutable std::mutex mutex_;
  std::size_t capacity_;
  Lru lru_;
  std::unordered_map<std::string, std::pair<CompiledSchemaPtr, Lru::iterator>> entries_;
  std::size_t hits_ = 0;
  std::size_t misses_ = 0;
};

// The process-wide cache the request paths share (OpenAI tools and response_format, MCP schemas),
// so a schema sent with every request is compiled once per process.
SchemaCache& shared_schema_cache();

}  // namespace toolgate::schemas
