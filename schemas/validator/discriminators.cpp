#include "schemas/validator/discriminators.hpp"

#include <optional>
#include <string_view>

namespace toolgate::schemas {

namespace {

const Block& resolved(const Program& program, std::uint32_t id) {
  const Block& b = program.blocks[id];
  return b.alias == kNone ? b : program.blocks[b.alias];
}

// The string a block requires by `const` and nothing else, if that is all it is.
std::optional<std::string_view> const_string(const Program& program, std::uint32_t id) {
  const Block& b = resolved(program, id);
  if (b.types != kTypeAny || b.end - b.begin != 1) return std::nullopt;
  const Instr& in = program.code[b.begin];
  std::string_view value;
  if (in.op != Op::const_value || program.values[in.a].get(value) != simdjson::SUCCESS) return std::nullopt;
  return value;
}

// The tag of one branch: a required property whose schema is a string const. A branch qualifies
// only if it accepts nothing but objects, so a non-object fails every branch as it must.
struct Tag {
  std::string_view property;
  std::string_view value;
};

std::optional<Tag> tag_of(const Program& program, std::uint32_t id, std::string_view wanted_property) {
  const Block& b = resolved(program, id);
  if (b.types != kTypeObject || b.tracks_annotations) return std::nullopt;
  for (std::uint32_t i = b.begin; i < b.end; ++i) {
    if (program.code[i].op != Op::properties) continue;
    const PropertiesSpec& spec = program.properties[program.code[i].a];
    for (std::uint32_t m = 0; m < spec.members.size(); ++m) {
      const auto& member = spec.members[m];
      if (member.block == kNone || member.required_bit == kNone) continue;
      const std::string& name = spec.names.name(m);
      if (!wanted_property.empty() && name != wanted_property) continue;
      if (auto value = const_string(program, member.block)) return Tag{name, *value};
    }
  }
  return std::nullopt;
}

}  // namespace

void find_discriminators(Program& program) {
  for (Instr& in : program.code) {
    if (in.op != Op::any_of && in.op != Op::one_of) continue;
    in.c = kNone;
    if (in.b < 2) continue;
    auto first = tag_of(program, program.lists[in.a], {});
    if (!first) continue;
    Discriminator d;
    d.property = std::string(first->property);
    bool ok = true;
    for (std::uint32_t k = 0; k < in.b && ok; ++k) {
      const std::uint32_t branch = program.lists[in.a + k];
      auto tag = tag_of(program, branch, d.property);
      // Distinct values: the table would fold a repeated one onto its first branch.
      ok = tag && d.values.find(tag->value) == PropertyTable::npos;
      if (ok) {
        d.values.insert(tag->value);
        d.branches.push_back(branch);
      }
    }
    if (!ok) continue;
    in.c = static_cast<std::uint32_t>(program.discriminators.size());
    program.discriminators.push_back(std::move(d));
  }
}

}  // namespace toolgate::schemas
