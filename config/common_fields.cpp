// Field checks shared by config sections: names, environment-variable names and extra HTTP headers.
#include <algorithm>
#include <cctype>
#include <set>

#include "config/sections.hpp"

namespace toolgate::config {

bool is_config_name(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.';
  });
}

bool is_env_name(std::string_view text) {
  return !text.empty() && std::isdigit(static_cast<unsigned char>(text.front())) == 0 &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isalnum(c) != 0 || c == '_'; });
}

namespace {

// RFC 9110 token characters.
bool is_header_name(std::string_view text) {
  constexpr std::string_view extra = "!#$%&'*+-.^_`|~";
  return !text.empty() && std::all_of(text.begin(), text.end(), [&](unsigned char c) {
    return std::isalnum(c) != 0 || extra.find(static_cast<char>(c)) != std::string_view::npos;
  });
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

void read_headers(const YAML::Node& node, const std::string& path, YamlReader& reader,
                  std::map<std::string, std::string>& out) {
  if (node.IsNull()) return;
  if (!node.IsMap()) {
    reader.error(node, path, "expected a mapping of header name to value, got " + describe(node));
    return;
  }
  std::set<std::string, std::less<>> seen;
  for (const auto& entry : node) {
    const auto key_path = child_path(path, entry.first.IsScalar() ? entry.first.Scalar() : std::string("?"));
    if (!entry.first.IsScalar() || !is_header_name(entry.first.Scalar())) {
      reader.error(entry.first, key_path, "not a valid HTTP header name: " + describe(entry.first));
      continue;
    }
    const auto name = lower(entry.first.Scalar());
    if (name == "authorization" || name == "proxy-authorization" || name == "api-key" || name == "x-api-key" ||
        name == "api_key" || name == "token" || name == "password" || name == "secret") {
      reader.error(entry.first, key_path,
                   "secrets are not accepted in the config file; put the key in an environment variable and name "
                   "that variable with api_key_env");
      continue;
    }
    if (!seen.insert(name).second) {
      reader.error(entry.first, key_path, "duplicate header '" + entry.first.Scalar() + "'");
      continue;
    }
    if (auto value = reader.read_string(entry.second, key_path)) {
      if (value->find_first_of("\r\n") != std::string::npos) {
        reader.error(entry.second, key_path, "header values must not contain line breaks");
        continue;
      }
      out.emplace(entry.first.Scalar(), std::move(*value));
    }
  }
}

}  // namespace toolgate::config
