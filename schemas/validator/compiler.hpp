// Turns indexed schema documents into a Program: a worklist compiles one subschema at a time into a
// contiguous block (no recursion, so `$ref` chains and cycles cannot overflow the stack).
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include <boost/system/result.hpp>

#include "schemas/validator/program.hpp"
#include "schemas/validator/schema.hpp"
#include "schemas/validator/schema_index.hpp"

namespace toolgate::schemas {

boost::system::result<std::unique_ptr<Program>, SchemaError> compile_program(std::string_view schema_json,
                                                                             const CompileOptions& options);

// Internal: shared by compiler.cpp (driver, references) and compile_keywords.cpp (keywords).
class Compiler {
 public:
  Compiler(const CompileOptions& options, Program& program);
  boost::system::result<void, SchemaError> run(std::string_view schema_json);

 private:
  using Status = boost::system::result<void, SchemaError>;

  // Block for a node key, queued for compilation on first use.
  std::uint32_t block_for(const std::string& node_key);
  // Block for a direct subschema at `relative` (e.g. "/properties/a") below `node`.
  std::uint32_t child_block(const SchemaNode& node, const std::string& relative);
  Status compile_block(std::uint32_t block, const std::string& node_key);
  Status compile_object(const SchemaNode& node, simdjson::dom::object schema);
  Status compile_references(const SchemaNode& node, simdjson::dom::object schema);
  Status compile_applicators(const SchemaNode& node, simdjson::dom::object schema);
  Status compile_properties(const SchemaNode& node, simdjson::dom::object schema);
  Status compile_items(const SchemaNode& node, simdjson::dom::object schema);
  Status compile_assertions(const SchemaNode& node, simdjson::dom::object schema);
  Status compile_dependencies(const SchemaNode& node, simdjson::dom::object schema);
  Status compile_unevaluated(const SchemaNode& node, simdjson::dom::object schema);
  Status finish_dynamic_targets();
  void resolve_aliases();

  void emit(Op op, const SchemaNode& node, std::string_view keyword, std::uint32_t a = 0, std::uint32_t b = 0,
            std::uint32_t c = 0);
  std::uint32_t location(const SchemaNode& node, std::string_view keyword);
  std::uint32_t list_of(const SchemaNode& node, std::string_view keyword, simdjson::dom::array schemas);
  boost::system::result<std::uint32_t, SchemaError> bound(const SchemaNode& node, std::string_view keyword,
                                                          simdjson::dom::element value);
  boost::system::result<std::uint32_t, SchemaError> regex(const SchemaNode& node, std::string_view where,
                                                          std::string_view pattern);
  SchemaError error(const SchemaNode& node, std::string_view keyword, std::string message) const;

  const CompileOptions& options_;
  Program& program_;
  SchemaIndex index_;
  std::unordered_map<std::string, std::uint32_t> blocks_by_node_;
  std::deque<std::pair<std::uint32_t, std::string>> queue_;
  std::vector<Instr> current_;  // instructions of the block being compiled
  bool current_tracks_ = false;
  std::unordered_map<std::string, std::uint32_t> anchor_name_ids_;
  std::unordered_map<std::string, std::uint32_t> regex_ids_;
};

}  // namespace toolgate::schemas
