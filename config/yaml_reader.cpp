#include "config/yaml_reader.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <set>

namespace toolgate::config {
namespace {

// Keys that would put a credential into the file; the config only names environment variables that hold them.
constexpr std::array<std::string_view, 4> kSecretKeys{"api_key", "token", "password", "secret"};

bool is_secret_key(std::string_view key) {
  std::string lower(key);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(kSecretKeys.begin(), kSecretKeys.end(), lower) != kSecretKeys.end();
}

// Quoted scalars carry the non-specific tag "!" (explicit `!!str` its own); a quoted "8080" is a string, and the
// config says so rather than guessing.
bool is_quoted(const YAML::Node& node) { return node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str"; }

bool is_bool_text(std::string_view text) {
  return text == "true" || text == "false" || text == "True" || text == "False" || text == "TRUE" || text == "FALSE";
}

std::string join_known(std::initializer_list<std::string_view> known) {
  std::string out;
  for (const auto key : known) {
    if (!out.empty()) out += ", ";
    out += key;
  }
  return out;
}

}  // namespace

std::string child_path(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  std::string out(parent);
  out += '.';
  out += key;
  return out;
}

std::string index_path(std::string_view parent, std::size_t index) {
  return std::string(parent) + '[' + std::to_string(index) + ']';
}

YAML::Node find_key(const YAML::Node& map, std::string_view key) {
  if (map.IsMap()) {
    for (const auto& entry : map) {
      if (entry.first.IsScalar() && entry.first.Scalar() == key) return entry.second;
    }
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null: return "null";
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return "a sequence";
    case YAML::NodeType::Undefined: return "nothing";
    case YAML::NodeType::Scalar: break;
  }
  std::string text = node.Scalar();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return (is_quoted(node) ? "the string '" : "'") + text + "'";
}

YamlReader::YamlReader(std::string source) : source_(std::move(source)) {}

void YamlReader::error(const YAML::Mark& at, std::string path, std::string message) {
  ConfigError e;
  e.path = std::move(path);
  // yaml-cpp marks are 0-based, with -1 for nodes built outside a parser.
  e.line = at.line >= 0 ? at.line + 1 : 0;
  e.column = at.line >= 0 ? at.column + 1 : 0;
  e.message = std::move(message);
  e.source = source_;
  errors_.push_back(std::move(e));
}

void YamlReader::error(const YAML::Node& at, std::string path, std::string message) {
  error(at.IsDefined() ? at.Mark() : YAML::Mark::null_mark(), std::move(path), std::move(message));
}

bool YamlReader::check_mapping(const YAML::Node& node, std::string_view path,
                               std::initializer_list<std::string_view> known) {
  if (node.IsNull()) return true;
  if (!node.IsMap()) {
    error(node, std::string(path), "expected a mapping, got " + describe(node));
    return false;
  }
  std::set<std::string, std::less<>> seen;
  for (const auto& entry : node) {
    const auto& key_node = entry.first;
    if (!key_node.IsScalar()) {
      error(key_node, std::string(path), "keys must be plain names, got " + describe(key_node));
      continue;
    }
    const std::string& key = key_node.Scalar();
    const auto key_path = child_path(path, key);
    if (!seen.insert(key).second) {
      error(key_node, key_path, "duplicate key '" + key + "'");
      continue;
    }
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    if (is_secret_key(key)) {
      error(key_node, key_path,
            "secrets are not accepted in the config file; put it in an environment variable and name that variable "
            "with api_key_env");
    } else {
      error(key_node, key_path, "unknown key '" + key + "' (expected one of: " + join_known(known) + ")");
    }
  }
  return true;
}

bool YamlReader::require(const YAML::Node& map, std::string_view path, std::string_view key) {
  if (find_key(map, key).IsDefined()) return true;
  error(map, child_path(path, key), "missing required key '" + std::string(key) + "'");
  return false;
}

std::optional<std::uint64_t> YamlReader::read_uint(const YAML::Node& value, std::string_view path, std::uint64_t min,
                                                   std::uint64_t max) {
  const auto range = " (" + std::to_string(min) + "-" + std::to_string(max) + ")";
  if (!value.IsScalar() || is_quoted(value)) {
    error(value, std::string(path), "expected an integer, got " + describe(value));
    return std::nullopt;
  }
  const std::string& text = value.Scalar();
  std::uint64_t parsed = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
  if (ec == std::errc::result_out_of_range) {
    error(value, std::string(path), "value " + text + " is out of range" + range);
    return std::nullopt;
  }
  if (ec != std::errc{} || end != text.data() + text.size()) {
    double as_number = 0;
    const auto [dend, dec] = std::from_chars(text.data(), text.data() + text.size(), as_number);
    const bool numeric = dec == std::errc{} && dend == text.data() + text.size();
    if (numeric && as_number < 0) {
      error(value, std::string(path), "must not be negative, got " + text);
    } else if (numeric) {
      error(value, std::string(path), "expected a whole number, got " + text);
    } else if (is_bool_text(text)) {
      error(value, std::string(path), "expected an integer, got the boolean " + text);
    } else {
      error(value, std::string(path), "expected an integer, got " + describe(value));
    }
    return std::nullopt;
  }
  if (parsed < min || parsed > max) {
    error(value, std::string(path), "value " + text + " is out of range" + range);
    return std::nullopt;
  }
  return parsed;
}

std::optional<double> YamlReader::read_non_negative(const YAML::Node& value, std::string_view path) {
  if (value.IsScalar() && !is_quoted(value)) {
    const std::string& text = value.Scalar();
    double parsed = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
    if (ec == std::errc{} && end == text.data() + text.size() && std::isfinite(parsed)) {
      if (parsed >= 0) return parsed;
      error(value, std::string(path), "must not be negative, got " + text);
      return std::nullopt;
    }
  }
  error(value, std::string(path), "expected a number, got " + describe(value));
  return std::nullopt;
}

std::optional<bool> YamlReader::read_bool(const YAML::Node& value, std::string_view path) {
  if (value.IsScalar() && !is_quoted(value) && is_bool_text(value.Scalar())) {
    return value.Scalar()[0] == 't' || value.Scalar()[0] == 'T';
  }
  error(value, std::string(path), "expected true or false, got " + describe(value));
  return std::nullopt;
}

std::optional<std::string> YamlReader::read_string(const YAML::Node& value, std::string_view path) {
  if (!value.IsScalar()) {
    error(value, std::string(path), "expected a string, got " + describe(value));
    return std::nullopt;
  }
  if (value.Scalar().empty()) {
    error(value, std::string(path), "must not be empty");
    return std::nullopt;
  }
  return value.Scalar();
}

void YamlReader::ms_field(const YAML::Node& map, std::string_view path, std::string_view key,
                          std::chrono::milliseconds& out, std::uint64_t min_ms, std::uint64_t max_ms) {
  if (const auto node = find_key(map, key); node.IsDefined()) {
    if (const auto value = read_uint(node, child_path(path, key), min_ms, max_ms)) {
      out = std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(*value));
    }
  }
}

void YamlReader::number_field(const YAML::Node& map, std::string_view path, std::string_view key, double& out) {
  if (const auto node = find_key(map, key); node.IsDefined()) {
    if (const auto value = read_non_negative(node, child_path(path, key))) out = *value;
  }
}

void YamlReader::bool_field(const YAML::Node& map, std::string_view path, std::string_view key, bool& out) {
  if (const auto node = find_key(map, key); node.IsDefined()) {
    if (const auto value = read_bool(node, child_path(path, key))) out = *value;
  }
}

void YamlReader::string_field(const YAML::Node& map, std::string_view path, std::string_view key, std::string& out) {
  if (const auto node = find_key(map, key); node.IsDefined()) {
    if (auto value = read_string(node, child_path(path, key))) out = std::move(*value);
  }
}

}  // namespace toolgate::config
