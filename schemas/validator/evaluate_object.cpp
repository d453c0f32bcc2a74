// Object keywords (see evaluator.hpp).

#include <memory>

#include <boost/json/serialize.hpp>
#include <boost/json/string_view.hpp>

#include "schemas/json/json_pointer.hpp"
#include "schemas/validator/dom_access.hpp"
#include "schemas/validator/evaluator.hpp"

namespace toolgate::schemas {

namespace {

bool has_member(simdjson::dom::object object, std::string_view name) {
  return object.at_key(name).error() == simdjson::SUCCESS;
}

// Which `required` names an object has shown so far: a bit set in one word for the usual handful,
// a vector beyond 64 names. Duplicate members count once.
class RequiredSeen {
 public:
  explicit RequiredSeen(std::size_t names)
      : words_(names > 64 ? std::make_unique<std::uint64_t[]>((names + 63) / 64) : nullptr) {}

  void mark(std::uint32_t bit) {
    std::uint64_t& word = words_ ? words_[bit / 64] : small_;
    const std::uint64_t mask = std::uint64_t{1} << (bit % 64);
    found_ += (word & mask) == 0;
    word |= mask;
  }
  bool has(std::size_t bit) const { return (((words_ ? words_[bit / 64] : small_) >> (bit % 64)) & 1) != 0; }
  std::size_t found() const { return found_; }

 private:
  std::uint64_t small_ = 0;
  std::unique_ptr<std::uint64_t[]> words_;  // only past 64 names
  std::size_t found_ = 0;
};

std::string json_quoted(std::string_view name) { return boost::json::serialize(boost::json::string_view(name)); }

}  // namespace

bool Evaluator::pattern_limit(const PropertiesSpec& spec, const PropertiesSpec::Pattern& pattern) {
  abort(spec.patterns_location, "patternProperties",
        "matching the property name against " + program_.regexes[pattern.regex].source() + " exceeded its time limit");
  return false;
}

// The yes/no path: no error list, no annotations.
bool Evaluator::properties_fast(const PropertiesSpec& spec, simdjson::dom::object object) {
  RequiredSeen seen(spec.required.size());
  std::uint32_t hint = 0;
  // Without patterns or additionalProperties, members after the last named one cannot matter; the
  // distinct-name count keeps duplicate keys from ending the scan early.
  const bool open = !spec.patterns.empty() || spec.additional != kNone;
  const bool can_stop = !open && spec.names.size() <= 64;
  std::uint64_t hit = 0;
  std::size_t named = 0;
  // One or two names and nothing else (`if` conditions, `required` in `not`/`then`): looking each
  // name up is cheaper than visiting every member.
  if (can_stop && spec.names.size() <= 2) {
    for (std::uint32_t m = 0; m < spec.names.size(); ++m) {
      simdjson::dom::element value;
      const PropertiesSpec::Member& member = spec.members[m];
      if (object.at_key(spec.names.name(m)).get(value) != simdjson::SUCCESS) {
        if (member.required_bit != kNone) return false;
        continue;
      }
      if (member.block != kNone && !fast_child(member.block, value)) return false;
    }
    return true;
  }
  for (auto field : object) {
    const std::uint32_t id = spec.names.find(field.key, hint);
    bool evaluated = false;
    if (id != PropertyTable::npos) {
      hint = id + 1;
      if (can_stop) {
        named += (hit >> id & 1) == 0;
        hit |= std::uint64_t{1} << id;
      }
      const PropertiesSpec::Member& m = spec.members[id];
      if (m.block != kNone) {
        if (!fast_child(m.block, field.value)) return false;
        evaluated = true;
      }
      if (m.required_bit != kNone) seen.mark(m.required_bit);
    } else if (can_stop && named == spec.names.size()) {
      break;
    }
    if (!open) continue;
    for (const auto& pattern : spec.patterns) {
      switch (program_.regexes[pattern.regex].search_utf8(field.key)) {
        case EcmaRegex::Match::no:
          continue;
        case EcmaRegex::Match::limit_exceeded:
          return pattern_limit(spec, pattern);
        case EcmaRegex::Match::yes:
          if (!fast_child(pattern.block, field.value)) return false;
          evaluated = true;
      }
    }
    if (!evaluated && spec.additional != kNone && !fast_child(spec.additional, field.value)) return false;
  }
  return seen.found() == spec.required.size();
}

bool Evaluator::properties(const PropertiesSpec& spec, simdjson::dom::object object, Annotations* annotations) {
  if (!explain() && annotations == nullptr) return properties_fast(spec, object);
  bool ok = true;
  RequiredSeen seen(spec.required.size());
  std::size_t index = 0;
  std::uint32_t hint = 0;
  auto report_at = [&](std::string_view key, std::uint32_t location, std::string_view keyword, std::string message) {
    if (!explain()) return;
    const std::size_t length = path_.size();
    append_pointer_token(path_, key);
    report(location, keyword, std::move(message));
    path_.resize(length);
  };
  for (auto field : object) {
    bool evaluated = false;
    const std::uint32_t id = spec.names.find(field.key, hint);
    if (id != PropertyTable::npos) {
      hint = id + 1;
      if (const std::uint32_t b = spec.members[id].block; b != kNone) {
        evaluated = true;
        if (!child(b, field.value, field.key)) {
          ok = false;
          if (stop()) return false;
        }
      }
      if (const std::uint32_t bit = spec.members[id].required_bit; bit != kNone) seen.mark(bit);
    }
    for (const auto& pattern : spec.patterns) {
      switch (program_.regexes[pattern.regex].search_utf8(field.key)) {
        case EcmaRegex::Match::no:
          continue;
        case EcmaRegex::Match::limit_exceeded:
          return pattern_limit(spec, pattern);
        case EcmaRegex::Match::yes:
          evaluated = true;
          if (!child(pattern.block, field.value, field.key)) {
            ok = false;
            if (stop()) return false;
          }
      }
    }
    if (!evaluated && spec.additional != kNone) {
      evaluated = true;
      if (program_.blocks[spec.additional].is_false) {
        if (explain()) report_at(field.key, spec.additional_location, "additionalProperties",
                  "property " + json_quoted(field.key) + " is not allowed");
        ok = false;
        if (stop()) return false;
      } else if (!child(spec.additional, field.value, field.key)) {
        ok = false;
        if (stop()) return false;
      }
    }
    if (evaluated && annotations) annotations->mark_property(index);
    ++index;
  }
  if (seen.found() == spec.required.size()) return ok;
  for (std::size_t i = 0; i < spec.required.size(); ++i) {
    if (!seen.has(i)) {
      if (explain()) report(spec.required_location, "required", "missing required property " + json_quoted(spec.required[i]));
      if (!explain()) break;
    }
  }
  return false;
}

bool Evaluator::object_keywords(const Instr& in, simdjson::dom::element self, Annotations* annotations) {
  const simdjson::dom::object object = object_of(self);
  switch (in.op) {
    case Op::min_properties:
      if (object.size() >= in.a) return true;
      if (explain()) report(in, "minProperties", "object must have at least " + std::to_string(in.a) + " properties");
      return false;
    case Op::max_properties:
      if (object.size() <= in.a) return true;
      if (explain()) report(in, "maxProperties", "object must have at most " + std::to_string(in.a) + " properties");
      return false;
    case Op::dependent_required: {
      bool ok = true;
      for (const auto& entry : program_.dependencies[in.a].entries) {
        if (!has_member(object, entry.property)) continue;
        for (const auto& name : entry.required) {
          if (has_member(object, name)) continue;
          if (explain()) report(in, "dependentRequired",
                 "property " + json_quoted(name) + " is required when " + json_quoted(entry.property) + " is present");
          ok = false;
          if (stop()) return false;
        }
      }
      return ok;
    }
    case Op::dependent_schemas: {
      bool ok = true;
      for (const auto& entry : program_.dependencies[in.a].entries) {
        if (!has_member(object, entry.property)) continue;
        if (!block(entry.block, self, annotations)) {
          ok = false;
          if (stop()) return false;
        }
      }
      return ok;
    }
    case Op::property_names: {
      // Names are not DOM values, so each is re-parsed as a JSON string for the subschema.
      if (!name_parser_) name_parser_ = std::make_unique<simdjson::dom::parser>();
      bool ok = true;
      for (auto field : object) {
        simdjson::dom::element name;
        std::string text = json_quoted(field.key);
        if (name_parser_->parse(text).get(name) != simdjson::SUCCESS) continue;
        const std::size_t m = mark();
        if (!block(in.a, name, nullptr)) {
          rewind(m);
          if (explain()) {
            const std::size_t length = path_.size();
            append_pointer_token(path_, field.key);
            if (explain()) report(in, "propertyNames", "property name " + text + " does not match the propertyNames schema");
            path_.resize(length);
          }
          ok = false;
          if (stop()) return false;
        }
      }
      return ok;
    }
    case Op::unevaluated_properties: {
      bool ok = true;
      std::size_t index = 0;
      const Block& b = program_.blocks[in.a];
      for (auto field : object) {
        if (!annotations->property_evaluated(index)) {
          if (b.is_false) {
            if (explain()) {
              const std::size_t length = path_.size();
              append_pointer_token(path_, field.key);
              if (explain()) report(in, "unevaluatedProperties", "property " + json_quoted(field.key) + " is not allowed (unevaluated)");
              path_.resize(length);
            }
            ok = false;
            if (stop()) return false;
          } else if (!child(in.a, field.value, field.key)) {
            ok = false;
            if (stop()) return false;
          }
        }
        ++index;
      }
      annotations->all_properties = true;
      return ok;
    }
    default:
      return true;
  }
}

}  // namespace toolgate::schemas
