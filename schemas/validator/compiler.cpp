#include "schemas/validator/compiler.hpp"

#include "schemas/json/json_pointer.hpp"
#include "schemas/validator/discriminators.hpp"

namespace toolgate::schemas {

namespace {

// Base URI of a root schema without `$id`; relative references resolve against it and, unless a
// registry maps them, fail with a message naming the reference.
constexpr std::string_view kDefaultBaseUri = "toolgate:///schema.json";

std::optional<std::string_view> string_member(simdjson::dom::object object, std::string_view name) {
  std::string_view value;
  if (object.at_key(name).get(value) == simdjson::SUCCESS) return value;
  return std::nullopt;
}

}  // namespace

boost::system::result<std::unique_ptr<Program>, SchemaError> compile_program(std::string_view schema_json,
                                                                             const CompileOptions& options) {
  auto program = std::make_unique<Program>();
  program->max_eval_depth = options.limits.max_eval_depth;
  program->max_eval_steps = options.limits.max_eval_steps;
  Compiler compiler(options, *program);
  if (auto r = compiler.run(schema_json); !r) return r.error();
  return program;
}

Compiler::Compiler(const CompileOptions& options, Program& program)
    : options_(options), program_(program), index_(options, program.documents) {}

SchemaError Compiler::error(const SchemaNode& node, std::string_view keyword, std::string message) const {
  return SchemaError{index_.location(node, keyword), std::move(message)};
}

std::uint32_t Compiler::location(const SchemaNode& node, std::string_view keyword) {
  program_.locations.push_back(index_.location(node, keyword));
  return static_cast<std::uint32_t>(program_.locations.size() - 1);
}

void Compiler::emit(Op op, const SchemaNode& node, std::string_view keyword, std::uint32_t a, std::uint32_t b,
                    std::uint32_t c) {
  current_.push_back(Instr{op, a, b, c, location(node, keyword)});
}

std::uint32_t Compiler::block_for(const std::string& node_key) {
  auto [it, inserted] = blocks_by_node_.try_emplace(node_key, static_cast<std::uint32_t>(program_.blocks.size()));
  if (inserted) {
    program_.blocks.emplace_back();
    queue_.emplace_back(it->second, node_key);
  }
  return it->second;
}

std::uint32_t Compiler::child_block(const SchemaNode& node, const std::string& relative) {
  return block_for(std::to_string(node.document) + "#" + node.pointer + relative);
}

std::uint32_t Compiler::list_of(const SchemaNode& node, std::string_view keyword, simdjson::dom::array schemas) {
  std::vector<std::uint32_t> blocks;
  std::size_t i = 0;
  for ([[maybe_unused]] auto item : schemas) {
    std::string relative;
    append_pointer_token(relative, keyword);
    append_pointer_index(relative, i++);
    blocks.push_back(child_block(node, relative));
  }
  auto offset = static_cast<std::uint32_t>(program_.lists.size());
  program_.lists.insert(program_.lists.end(), blocks.begin(), blocks.end());
  return offset;
}

boost::system::result<void, SchemaError> Compiler::run(std::string_view schema_json) {
  auto root = index_.add_root(schema_json, kDefaultBaseUri);
  if (!root) return root.error();
  program_.root = block_for(*root);
  program_.dialect = index_.find(*root)->dialect;
  while (true) {
    while (!queue_.empty()) {
      auto [block, node_key] = std::move(queue_.front());
      queue_.pop_front();
      if (auto r = compile_block(block, node_key); !r) return r.error();
    }
    const std::size_t before = program_.blocks.size();
    if (auto r = finish_dynamic_targets(); !r) return r.error();
    if (queue_.empty() && program_.blocks.size() == before) break;
  }
  resolve_aliases();
  find_discriminators(program_);
  return {};
}

// `{"$ref": ...}` alone is the most common subschema (items, properties, anyOf branches); the
// evaluator can enter its target directly. Chains collapse to their end; a pure `$ref` cycle keeps
// its blocks so the depth limit still reports it. Dynamic scope needs every resource entry, so
// programs that track it keep the blocks too.
void Compiler::resolve_aliases() {
  if (program_.uses_dynamic_scope) return;
  for (Block& b : program_.blocks) {
    b.single = b.types == kTypeAny && b.end - b.begin == 1 && !b.tracks_annotations;
  }
  auto forwards = [&](std::uint32_t id) -> std::uint32_t {
    const Block& b = program_.blocks[id];
    if (b.types != kTypeAny || b.end - b.begin != 1 || program_.code[b.begin].op != Op::ref) return kNone;
    return program_.code[b.begin].a;
  };
  for (std::uint32_t id = 0; id < program_.blocks.size(); ++id) {
    std::uint32_t target = forwards(id);
    if (target == kNone) continue;
    for (int hops = 0; hops < 64; ++hops) {
      const std::uint32_t next = forwards(target);
      if (next == kNone) {
        program_.blocks[id].alias = target;
        break;
      }
      target = next;
    }
  }
}

// Dynamic references can land on any resource's `$dynamicAnchor` of the same name, and
// `$recursiveRef` on any resource root with `$recursiveAnchor`, so those are compiled up front.
boost::system::result<void, SchemaError> Compiler::finish_dynamic_targets() {
  const auto& resources = index_.resources();
  program_.resources.resize(resources.size());
  for (std::uint32_t r = 0; r < resources.size(); ++r) {
    program_.resources[r].id = r;
    program_.resources[r].recursive_anchor = resources[r].recursive_anchor;
    if (resources[r].recursive_anchor) program_.resources[r].root_block = block_for(resources[r].node_key);
  }
  program_.dynamic_anchors.resize(program_.anchor_names.size());
  for (std::uint32_t name = 0; name < program_.anchor_names.size(); ++name) {
    for (std::uint32_t r = 0; r < resources.size(); ++r) {
      auto it = resources[r].dynamic_anchors.find(program_.anchor_names[name]);
      if (it != resources[r].dynamic_anchors.end()) program_.dynamic_anchors[name][r] = block_for(it->second);
    }
  }
  return {};
}

boost::system::result<void, SchemaError> Compiler::compile_block(std::uint32_t block, const std::string& node_key) {
  const SchemaNode* found = index_.find(node_key);
  if (found == nullptr) return SchemaError{"", "internal error: subschema " + node_key + " was not indexed"};
  const SchemaNode& node = *found;
  current_.clear();
  current_tracks_ = false;
  bool is_false = false;
  simdjson::dom::object object;
  bool value = true;
  if (node.element.get(object) == simdjson::SUCCESS) {
    if (auto r = compile_object(node, object); !r) return r;
  } else if (node.element.get(value) == simdjson::SUCCESS && !value) {
    emit(Op::fail, node, "");
    is_false = true;
  }
  Block& b = program_.blocks[block];
  // A leading `type` moves into the block header: most subschemas ({"type": "string"}) then need
  // no instruction at all, and callers can check them without dispatching.
  std::size_t first = 0;
  if (!current_.empty() && current_.front().op == Op::type) {
    b.types = current_.front().a;
    b.type_location = current_.front().location;
    first = 1;
  }
  b.begin = static_cast<std::uint32_t>(program_.code.size());
  program_.code.insert(program_.code.end(), current_.begin() + static_cast<std::ptrdiff_t>(first), current_.end());
  b.end = static_cast<std::uint32_t>(program_.code.size());
  b.resource = node.resource;
  b.tracks_annotations = current_tracks_;
  b.is_false = is_false;
  b.leaf = b.begin != b.end && !current_tracks_;
  for (std::uint32_t i = b.begin; i < b.end; ++i) b.leaf = b.leaf && is_value_check(program_.code[i].op);
  return {};
}

boost::system::result<void, SchemaError> Compiler::compile_object(const SchemaNode& node,
                                                                  simdjson::dom::object schema) {
  if (ref_overrides_siblings(node.dialect) && schema["$ref"].error() == simdjson::SUCCESS) {
    return compile_references(node, schema);
  }
  // Cheap type and bound checks first so most invalid instances fail before any subschema runs;
  // unevaluated* last, because they read what every other keyword marked as evaluated.
  if (auto r = compile_assertions(node, schema); !r) return r;
  if (auto r = compile_properties(node, schema); !r) return r;
  if (auto r = compile_dependencies(node, schema); !r) return r;
  if (auto r = compile_items(node, schema); !r) return r;
  if (auto r = compile_applicators(node, schema); !r) return r;
  if (auto r = compile_references(node, schema); !r) return r;
  return compile_unevaluated(node, schema);
}

boost::system::result<void, SchemaError> Compiler::compile_references(const SchemaNode& node,
                                                                      simdjson::dom::object schema) {
  if (auto ref = string_member(schema, "$ref")) {
    auto target = index_.resolve(node, *ref, index_.location(node, "$ref"));
    if (!target) return target.error();
    emit(Op::ref, node, "$ref", block_for(*target));
  }
  if (node.dialect == Dialect::draft2020_12) {
    if (auto ref = string_member(schema, "$dynamicRef")) {
      auto target = index_.resolve(node, *ref, index_.location(node, "$dynamicRef"));
      if (!target) return target.error();
      std::uint32_t anchor = kNone;
      // Dynamic only when the static target itself declares the same `$dynamicAnchor`
      // ("bookending"); otherwise `$dynamicRef` behaves exactly like `$ref`.
      std::string_view fragment = ref->substr(std::min(ref->size(), ref->find('#')));
      if (fragment.size() > 1 && fragment[1] != '/') {
        std::string name(fragment.substr(1));
        simdjson::dom::object target_object;
        std::string_view declared;
        const SchemaNode* target_node = index_.find(*target);
        if (target_node != nullptr && target_node->element.get(target_object) == simdjson::SUCCESS &&
            target_object.at_key("$dynamicAnchor").get(declared) == simdjson::SUCCESS && declared == name) {
          auto [it, inserted] =
              anchor_name_ids_.try_emplace(name, static_cast<std::uint32_t>(program_.anchor_names.size()));
          if (inserted) program_.anchor_names.push_back(name);
          anchor = it->second;
          program_.uses_dynamic_scope = true;
        }
      }
      emit(anchor == kNone ? Op::ref : Op::dynamic_ref, node, "$dynamicRef", block_for(*target), anchor);
    }
  }
  if (node.dialect == Dialect::draft2019_09) {
    if (auto ref = string_member(schema, "$recursiveRef")) {
      auto target = index_.resolve(node, *ref, index_.location(node, "$recursiveRef"));
      if (!target) return target.error();
      program_.uses_dynamic_scope = true;
      emit(Op::recursive_ref, node, "$recursiveRef", block_for(*target));
    }
  }
  return {};
}

boost::system::result<std::uint32_t, SchemaError> Compiler::regex(const SchemaNode& node, std::string_view where,
                                                                  std::string_view pattern) {
  auto [it, inserted] = regex_ids_.try_emplace(std::string(pattern), static_cast<std::uint32_t>(program_.regexes.size()));
  if (!inserted) return it->second;
  auto compiled = EcmaRegex::compile(pattern);
  if (!compiled) {
    regex_ids_.erase(it);
    return SchemaError{index_.location(node, "") + std::string(where),
                       "invalid regular expression \"" + std::string(pattern) + "\": " + compiled.error()};
  }
  program_.regexes.push_back(std::move(*compiled));
  return it->second;
}

boost::system::result<std::uint32_t, SchemaError> Compiler::bound(const SchemaNode& node, std::string_view keyword,
                                                                  simdjson::dom::element value) {
  std::uint64_t u = 0;
  std::int64_t i = 0;
  double d = 0;
  if (value.get(u) == simdjson::SUCCESS) {
    if (u <= 0xFFFFFFFEu) return static_cast<std::uint32_t>(u);
    return 0xFFFFFFFEu;  // beyond any instance this process can hold
  }
  if (value.get(i) == simdjson::SUCCESS && i >= 0) return static_cast<std::uint32_t>(i);
  if (value.get(d) == simdjson::SUCCESS && d >= 0 && d == static_cast<double>(static_cast<std::uint64_t>(d))) {
    return d > 4294967294.0 ? 0xFFFFFFFEu : static_cast<std::uint32_t>(d);
  }
  return error(node, keyword, std::string(keyword) + " must be a non-negative integer");
}

}  // namespace toolgate::schemas
