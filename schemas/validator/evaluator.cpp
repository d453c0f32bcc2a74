#include "schemas/validator/evaluator.hpp"

#include "schemas/json/json_pointer.hpp"
#include "schemas/validator/dom_access.hpp"

namespace toolgate::schemas {

Evaluator::Evaluator(const Program& program, std::vector<ValidationError>* errors, std::size_t max_errors)
    : program_(program), errors_(errors), max_errors_(max_errors == 0 ? 1 : max_errors) {}

bool Evaluator::run(simdjson::dom::element instance) {
  const bool ok = block(program_.root, instance, nullptr);
  if (!aborted_) return ok;
  if (errors_ != nullptr) {
    errors_->clear();
    errors_->push_back(abort_error_);
  }
  return false;
}

void Evaluator::abort(std::uint32_t location, std::string_view keyword, std::string message) {
  if (aborted_) return;
  aborted_ = true;
  abort_error_ = ValidationError{path_, std::string(keyword), program_.locations[location], std::move(message)};
}

void Evaluator::report(std::uint32_t location, std::string_view keyword, std::string message) {
  if (errors_ == nullptr || errors_->size() >= max_errors_) return;
  errors_->push_back(ValidationError{path_, std::string(keyword), program_.locations[location], std::move(message)});
}

void Evaluator::report(const Instr& in, std::string_view keyword, std::string message) {
  if (explain()) report(in.location, keyword, std::move(message));
}

bool Evaluator::child(std::uint32_t id, simdjson::dom::element value, std::string_view key) {
  if (!explain()) return fast_child(id, value);
  return child_at(id, value, [&] { append_pointer_token(path_, key); });
}

bool Evaluator::child(std::uint32_t id, simdjson::dom::element value, std::size_t index) {
  if (!explain()) return fast_child(id, value);
  return child_at(id, value, [&] { append_pointer_index(path_, index); });
}

// The hottest opcodes are dispatched here directly; array and object keywords go through
// structure_keywords().
inline bool Evaluator::dispatch(const Instr& in, simdjson::dom::element instance, Annotations* annotations) {
  if (is_value_check(in.op)) return scalar_keywords(in, instance);
  switch (in.op) {
    case Op::ref:
      return block(in.a, instance, annotations);
    case Op::properties:
      return instance.type() != simdjson::dom::element_type::OBJECT ||
             properties(program_.properties[in.a], object_of(instance), annotations);
    case Op::all_of:
    case Op::any_of:
    case Op::one_of:
    case Op::not_schema:
    case Op::if_then_else:
    case Op::dynamic_ref:
    case Op::recursive_ref:
      return logic(in, instance, annotations);
    default:
      return structure_keywords(in, instance, annotations);
  }
}

// An in-place subschema of one instruction (`{"required": [...]}` under `not`, most `if`
// conditions) runs without the rest of a block entry. It still counts toward the depth and work
// limits: through `$ref` aliases such subschemas can form cycles (`{"allOf": [{"$ref": "#"}]}`).
bool Evaluator::in_place(std::uint32_t id, simdjson::dom::element instance, Annotations* annotations) {
  if (const std::uint32_t alias = program_.blocks[id].alias; alias != kNone) id = alias;
  const Block& b = program_.blocks[id];
  if (!b.single || annotations != nullptr || explain()) return block(id, instance, annotations);
  if (++steps_ > program_.max_eval_steps || aborted_) return over_budget(b);
  if (depth_ >= program_.max_eval_depth) return too_deep(b);
  ++depth_;
  const bool ok = dispatch(program_.code[b.begin], instance, nullptr);
  --depth_;
  return ok;
}

bool Evaluator::block(std::uint32_t id, simdjson::dom::element instance, Annotations* annotations) {
  if (const std::uint32_t alias = program_.blocks[id].alias; alias != kNone) id = alias;
  const Block& b = program_.blocks[id];
  if (++steps_ > program_.max_eval_steps || aborted_) return over_budget(b);
  if (explain() || b.tracks_annotations || program_.uses_dynamic_scope) return block_general(b, instance, annotations);
  if (b.leaf) return leaf(b, instance);
  // The yes/no path: no error list, no annotation bookkeeping, no dynamic scope.
  if (b.types != kTypeAny && (type_bits(instance) & b.types) == 0) return false;
  if (b.begin == b.end) return true;
  if (depth_ >= program_.max_eval_depth) return too_deep(b);
  ++depth_;
  const Instr* in = program_.code.data() + b.begin;
  const Instr* const end = program_.code.data() + b.end;
  for (; in != end; ++in) {
    if (!dispatch(*in, instance, annotations)) {
      --depth_;
      return false;
    }
  }
  --depth_;
  return true;
}

bool Evaluator::over_budget(const Block& b) {
  abort(b.begin < b.end ? program_.code[b.begin].location : b.type_location, "$ref",
        "validation stopped after " + std::to_string(program_.max_eval_steps) +
            " subschema evaluations (the schema expands too much for this instance)");
  return false;
}

bool Evaluator::too_deep(const Block& b) {
  abort(b.begin < b.end ? program_.code[b.begin].location : b.type_location, "$ref",
        "evaluation nests deeper than " + std::to_string(program_.max_eval_depth) +
            " subschemas (a reference cycle that never descends into the instance?)");
  return false;
}

bool Evaluator::block_general(const Block& b, simdjson::dom::element instance, Annotations* annotations) {
  bool ok = true;
  if (b.types != kTypeAny && (type_bits(instance) & b.types) == 0) {
    if (explain()) type_error(b, instance);
    ok = false;
    if (stop()) return false;
  }
  if (b.begin == b.end) return ok;
  if (depth_ >= program_.max_eval_depth) return too_deep(b);
  ++depth_;
  const bool entered = program_.uses_dynamic_scope && (scope_.empty() || scope_.back() != b.resource);
  if (entered) scope_.push_back(b.resource);
  if (!b.tracks_annotations) {
    ok = instructions(b, instance, annotations) && ok;
  } else {
    // unevaluated* needs what this subschema's other keywords evaluated, whether or not the
    // caller collects annotations; the caller gets them only if the subschema passes.
    Annotations local;
    ok = instructions(b, instance, &local) && ok;
    if (annotations != nullptr && ok) annotations->merge(local);
  }
  if (entered) scope_.pop_back();
  --depth_;
  return ok;
}

bool Evaluator::instructions(const Block& b, simdjson::dom::element instance, Annotations* annotations) {
  bool ok = true;
  for (std::uint32_t i = b.begin; i < b.end; ++i) {
    if (!dispatch(program_.code[i], instance, annotations)) {
      ok = false;
      if (stop()) break;
    }
  }
  return ok;
}

bool Evaluator::structure_keywords(const Instr& in, simdjson::dom::element instance, Annotations* annotations) {
  using simdjson::dom::element_type;
  switch (in.op) {
    case Op::min_items:
    case Op::max_items:
    case Op::unique_items:
    case Op::prefix_items:
    case Op::items_from:
    case Op::contains:
    case Op::unevaluated_items:
      if (instance.type() != element_type::ARRAY) return true;
      return array_keywords(in, instance.get_array().value_unsafe(), annotations);
    default:
      if (instance.type() != element_type::OBJECT) return true;
      return object_keywords(in, instance, annotations);
  }
}

// A tagged union on the yes/no path: only the branch the tag names can pass, so it alone is run.
bool Evaluator::tagged_union(const Discriminator& d, simdjson::dom::element instance) {
  simdjson::dom::object object;
  simdjson::dom::element tag;
  std::string_view value;
  if (instance.get(object) != simdjson::SUCCESS || object.at_key(d.property).get(tag) != simdjson::SUCCESS ||
      tag.get(value) != simdjson::SUCCESS) {
    return false;
  }
  const std::uint32_t branch = d.values.find(value);
  return branch != PropertyTable::npos && block(d.branches[branch], instance, nullptr);
}

bool Evaluator::logic(const Instr& in, simdjson::dom::element instance, Annotations* annotations) {
  if ((in.op == Op::any_of || in.op == Op::one_of) && in.c != kNone && !explain() && annotations == nullptr) {
    return tagged_union(program_.discriminators[in.c], instance);
  }
  switch (in.op) {
    case Op::all_of: {
      bool ok = true;
      for (std::uint32_t i = 0; i < in.b; ++i) {
        if (!in_place(program_.lists[in.a + i], instance, annotations)) {
          ok = false;
          if (stop()) return false;
        }
      }
      return ok;
    }
    case Op::any_of: {
      const std::size_t m = mark();
      bool any = false;
      for (std::uint32_t i = 0; i < in.b; ++i) {
        if (annotations == nullptr) {
          if (in_place(program_.lists[in.a + i], instance, nullptr)) {
            any = true;
            break;
          }
        } else {
          // Every passing branch contributes annotations, so none may be skipped.
          Annotations branch;
          if (block(program_.lists[in.a + i], instance, &branch)) {
            any = true;
            annotations->merge(branch);
          }
        }
      }
      rewind(m);
      if (!any && explain()) report(in, "anyOf", "value matches none of the " + std::to_string(in.b) + " anyOf alternatives");
      return any;
    }
    case Op::one_of: {
      const std::size_t m = mark();
      std::uint32_t passed = 0;
      std::string matched;
      Annotations kept;
      for (std::uint32_t i = 0; i < in.b; ++i) {
        Annotations branch;
        if (block(program_.lists[in.a + i], instance, annotations ? &branch : nullptr)) {
          if (explain()) matched += (passed ? ", " : "") + std::to_string(i);
          if (++passed > 1 && !explain()) break;
          if (annotations) kept = std::move(branch);
        }
      }
      rewind(m);
      if (passed == 1) {
        if (annotations) annotations->merge(kept);
        return true;
      }
      if (explain()) report(in, "oneOf", passed == 0 ? "value matches none of the " + std::to_string(in.b) + " oneOf alternatives"
                                      : "value matches more than one oneOf alternative (" + matched + ")");
      return false;
    }
    case Op::not_schema: {
      const std::size_t m = mark();
      bool matched = in_place(in.a, instance, nullptr);
      rewind(m);
      if (matched && explain()) report(in, "not", "value must not match the \"not\" schema");
      return !matched;
    }
    case Op::if_then_else: {
      const std::size_t m = mark();
      if (annotations == nullptr) {
        const bool holds = in_place(in.a, instance, nullptr);
        rewind(m);
        if (holds) return in.b == kNone || in_place(in.b, instance, nullptr);
        return in.c == kNone || in_place(in.c, instance, nullptr);
      }
      Annotations condition;
      bool holds = block(in.a, instance, &condition);
      rewind(m);
      if (holds) {
        annotations->merge(condition);
        return in.b == kNone || block(in.b, instance, annotations);
      }
      return in.c == kNone || block(in.c, instance, annotations);
    }
    case Op::dynamic_ref: {
      std::uint32_t target = in.a;
      const auto& bindings = program_.dynamic_anchors[in.b];
      for (std::uint32_t resource : scope_) {
        if (auto it = bindings.find(resource); it != bindings.end()) {
          target = it->second;
          break;
        }
      }
      return block(target, instance, annotations);
    }
    case Op::recursive_ref: {
      std::uint32_t target = in.a;
      if (program_.resources[program_.blocks[in.a].resource].recursive_anchor) {
        for (std::size_t i = scope_.size(); i-- > 0;) {
          const Resource& r = program_.resources[scope_[i]];
          if (!r.recursive_anchor) break;
          target = r.root_block;
        }
      }
      return block(target, instance, annotations);
    }
    default:
      return true;
  }
}

}  // namespace toolgate::schemas
