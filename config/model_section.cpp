#include <algorithm>
#include <cctype>
#include <set>

#include "config/sections.hpp"

namespace toolgate::config {
namespace {

constexpr std::string_view kBuiltin = "builtin";

std::optional<EffortLevel> parse_effort(std::string_view text) {
  if (text == "off" || text == "none") return EffortLevel::off;
  if (text == "high") return EffortLevel::high;
  if (text == "max") return EffortLevel::max;
  return std::nullopt;
}

std::string_view effort_name(EffortLevel level) {
  switch (level) {
    case EffortLevel::off: return "off";
    case EffortLevel::high: return "high";
    case EffortLevel::max: return "max";
  }
  return "off";
}

bool is_model_name(std::string_view text) {
  return !text.empty() && std::none_of(text.begin(), text.end(),
                                       [](unsigned char c) { return std::isspace(c) != 0 || std::iscntrl(c) != 0; });
}

class ModelReader {
 public:
  ModelReader(YamlReader& reader, const RouteTargets& targets) : reader_(reader), targets_(targets) {}

  void read(const YAML::Node& entry, const std::string& path, ModelConfig& out) {
    reader_.check_mapping(entry, path, {"name", "owned_by", "default_effort", "routes", "thinking_budget", "price"});
    declared_.clear();
    if (reader_.require(entry, path, "name")) {
      const auto node = find_key(entry, "name");
      const auto name_path = child_path(path, "name");
      if (auto name = reader_.read_string(node, name_path)) {
        if (!is_model_name(*name)) {
          reader_.error(node, name_path, "model names must not contain spaces or control characters");
        } else if (!names_.insert(*name).second) {
          reader_.error(node, name_path, "duplicate model name '" + *name + "'");
        }
        out.name = std::move(*name);
      }
    }
    reader_.string_field(entry, path, "owned_by", out.owned_by);
    if (reader_.require(entry, path, "routes")) {
      read_routes(find_key(entry, "routes"), child_path(path, "routes"), out);
    }
    read_default_effort(entry, path, out);
    if (const auto node = find_key(entry, "thinking_budget"); node.IsDefined()) {
      read_budgets(node, child_path(path, "thinking_budget"), out);
    }
    if (const auto node = find_key(entry, "price"); node.IsDefined()) {
      read_price(node, child_path(path, "price"), out.price);
    }
  }

 private:
  // Reads an effort-level key; reports and returns nullopt for anything else.
  std::optional<EffortLevel> level_key(const YAML::Node& key, const std::string& parent, bool allow_off) {
    const auto text = key.IsScalar() ? key.Scalar() : std::string();
    const auto path = child_path(parent, text.empty() ? std::string("?") : text);
    const auto level = parse_effort(text);
    if (!level || (!allow_off && *level == EffortLevel::off)) {
      reader_.error(key, path,
                    "unknown effort level " + describe(key) +
                        (allow_off ? " (expected off, none, high or max)"
                                   : " (expected high or max; thinking is disabled at off)"));
      return std::nullopt;
    }
    return level;
  }

  void read_routes(const YAML::Node& node, const std::string& path, ModelConfig& out) {
    if (!node.IsMap() || node.size() == 0) {
      reader_.error(node, path,
                    "expected a mapping of effort level (off, high, max) to backend with at least one "
                    "route, got " +
                        describe(node));
      return;
    }
    for (const auto& entry : node) {
      const auto level = level_key(entry.first, path, true);
      if (!level) continue;
      const auto route_path = child_path(path, entry.first.Scalar());
      if (!declared_.insert(*level).second) {
        reader_.error(
            entry.first, route_path,
            "effort level " + std::string(effort_name(*level)) + " is routed twice (none is the same as off)");
        continue;
      }
      if (auto target = read_target(entry.second, route_path)) out.routes.emplace(*level, std::move(*target));
    }
  }

  // A route is `level: backend` or `level: { backend, model }`.
  std::optional<RouteTarget> read_target(const YAML::Node& node, const std::string& path) {
    RouteTarget target;
    if (!node.IsMap()) {
      if (!check_backend(node, path, target)) return std::nullopt;
      return target;
    }
    reader_.check_mapping(node, path, {"backend", "model"});
    if (!reader_.require(node, path, "backend")) return std::nullopt;
    reader_.string_field(node, path, "model", target.upstream_model);
    // yaml-cpp nodes are handles: the looked-up node is bound once, never assigned, since assignment rewrites the tree.
    const YAML::Node backend = find_key(node, "backend");
    if (!check_backend(backend, child_path(path, "backend"), target)) return std::nullopt;
    return target;
  }

  bool check_backend(const YAML::Node& node, const std::string& path, RouteTarget& target) {
    auto backend = reader_.read_string(node, path);
    if (!backend) return false;
    if (*backend == kBuiltin) {
      if (!targets_.builtin_enabled) {
        reader_.error(node, path, "routes to the built-in engine, which is disabled (set builtin.enabled: true)");
        return false;
      }
    } else if (std::none_of(targets_.upstreams.begin(), targets_.upstreams.end(),
                            [&](const UpstreamConfig& u) { return u.name == *backend; })) {
      reader_.error(node, path, "unknown backend '" + *backend + "' (expected builtin or the name of an upstream)");
      return false;
    }
    target.backend = std::move(*backend);
    return true;
  }

  void read_default_effort(const YAML::Node& entry, const std::string& path, ModelConfig& out) {
    const auto node = find_key(entry, "default_effort");
    if (!node.IsDefined()) {
      // Without an explicit choice: thinking on at the normal budget when routed, else the nearest routed level.
      for (const auto level : {EffortLevel::high, EffortLevel::max, EffortLevel::off}) {
        if (out.routes.contains(level)) {
          out.default_effort = level;
          break;
        }
      }
      return;
    }
    const auto effort_path = child_path(path, "default_effort");
    const auto text = reader_.read_string(node, effort_path);
    if (!text) return;
    const auto level = parse_effort(*text);
    if (!level) {
      reader_.error(node, effort_path, "unknown effort level '" + *text + "' (expected off, none, high or max)");
    } else if (!declared_.empty() && !declared_.contains(*level)) {
      reader_.error(node, effort_path, "default_effort '" + *text + "' has no entry in routes");
    } else {
      out.default_effort = *level;
    }
  }

  void read_budgets(const YAML::Node& node, const std::string& path, ModelConfig& out) {
    if (node.IsNull()) return;
    if (!node.IsMap()) {
      reader_.error(node, path, "expected a mapping of effort level (high, max) to tokens, got " + describe(node));
      return;
    }
    for (const auto& entry : node) {
      const auto level = level_key(entry.first, path, false);
      if (!level) continue;
      const auto budget_path = child_path(path, entry.first.Scalar());
      if (out.thinking_budget.contains(*level)) {
        reader_.error(entry.first, budget_path, "duplicate key '" + entry.first.Scalar() + "'");
        continue;
      }
      const auto tokens = reader_.read_uint(entry.second, budget_path, 1, 1u << 24);
      if (!tokens) continue;
      if (!declared_.empty() && !declared_.contains(*level)) {
        reader_.error(entry.first, budget_path,
                      "a thinking budget for '" + entry.first.Scalar() + "', which has no entry in routes");
        continue;
      }
      out.thinking_budget.emplace(*level, static_cast<std::uint32_t>(*tokens));
    }
  }

  void read_price(const YAML::Node& node, const std::string& path, Price& out) {
    if (!reader_.check_mapping(node, path, {"currency", "input", "cached_input", "output"})) return;
    if (const auto currency = find_key(node, "currency"); currency.IsDefined()) {
      const auto currency_path = child_path(path, "currency");
      if (auto text = reader_.read_string(currency, currency_path)) {
        if (text->size() == 3 &&
            std::all_of(text->begin(), text->end(), [](unsigned char c) { return std::isupper(c) != 0; })) {
          out.currency = std::move(*text);
        } else {
          reader_.error(currency, currency_path,
                        "expected a three-letter ISO 4217 code such as USD, got '" + *text + "'");
        }
      }
    }
    reader_.number_field(node, path, "input", out.input);
    reader_.number_field(node, path, "cached_input", out.cached_input);
    reader_.number_field(node, path, "output", out.output);
  }

  YamlReader& reader_;
  const RouteTargets& targets_;
  std::set<std::string, std::less<>> names_;
  // Levels the current model's routes name, valid target or not, so one bad route does not cascade into
  // default_effort and thinking_budget errors.
  std::set<EffortLevel> declared_;
};

}  // namespace

void read_models(const YAML::Node& node, YamlReader& reader, const RouteTargets& targets,
                 std::vector<ModelConfig>& out) {
  if (node.IsNull()) return;
  if (!node.IsSequence()) {
    reader.error(node, "models", "expected a sequence of models, got " + describe(node));
    return;
  }
  ModelReader models(reader, targets);
  for (std::size_t i = 0; i < node.size(); ++i) {
    const auto entry = node[i];
    const auto path = index_path("models", i);
    if (!entry.IsMap()) {
      reader.error(entry, path, "expected a mapping, got " + describe(entry));
      continue;
    }
    ModelConfig model;
    models.read(entry, path, model);
    out.push_back(std::move(model));
  }
}

}  // namespace toolgate::config
