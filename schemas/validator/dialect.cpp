#include "schemas/validator/dialect.hpp"

#include <array>
#include <utility>

namespace toolgate::schemas {

namespace {

struct Spelling {
  std::string_view name;
  Dialect dialect;
};

constexpr std::array<Spelling, 16> kNames{{
    {"2020-12", Dialect::draft2020_12}, {"draft2020-12", Dialect::draft2020_12},
    {"draft-2020-12", Dialect::draft2020_12}, {"2019-09", Dialect::draft2019_09},
    {"draft2019-09", Dialect::draft2019_09}, {"draft-2019-09", Dialect::draft2019_09},
    {"draft7", Dialect::draft7}, {"draft-07", Dialect::draft7}, {"7", Dialect::draft7},
    {"draft6", Dialect::draft6}, {"draft-06", Dialect::draft6}, {"6", Dialect::draft6},
    {"draft4", Dialect::draft4}, {"draft-04", Dialect::draft4}, {"4", Dialect::draft4},
    {"draft-07-schema", Dialect::draft7},
}};

std::string_view strip_empty_fragment(std::string_view uri) {
  if (!uri.empty() && uri.back() == '#') uri.remove_suffix(1);
  return uri;
}

std::string_view strip_scheme(std::string_view uri) {
  if (uri.starts_with("https://")) return uri.substr(8);
  if (uri.starts_with("http://")) return uri.substr(7);
  return {};
}

}  // namespace

std::optional<Dialect> dialect_from_name(std::string_view name) {
  for (const auto& s : kNames) {
    if (s.name == name) return s.dialect;
  }
  return std::nullopt;
}

std::string_view dialect_uri(Dialect dialect) {
  switch (dialect) {
    case Dialect::draft4: return "http://json-schema.org/draft-04/schema#";
    case Dialect::draft6: return "http://json-schema.org/draft-06/schema#";
    case Dialect::draft7: return "http://json-schema.org/draft-07/schema#";
    case Dialect::draft2019_09: return "https://json-schema.org/draft/2019-09/schema";
    case Dialect::draft2020_12: return "https://json-schema.org/draft/2020-12/schema";
  }
  return {};
}

std::string_view dialect_name(Dialect dialect) {
  switch (dialect) {
    case Dialect::draft4: return "draft4";
    case Dialect::draft6: return "draft6";
    case Dialect::draft7: return "draft7";
    case Dialect::draft2019_09: return "2019-09";
    case Dialect::draft2020_12: return "2020-12";
  }
  return {};
}

// Real-world schemas spell the official URIs loosely (http vs https, with or without '#'),
// so both spellings name the same dialect.
std::optional<Dialect> dialect_from_uri(std::string_view uri) {
  std::string_view rest = strip_empty_fragment(strip_scheme(uri));
  if (rest == "json-schema.org/draft/2020-12/schema") return Dialect::draft2020_12;
  if (rest == "json-schema.org/draft/2019-09/schema") return Dialect::draft2019_09;
  if (rest == "json-schema.org/draft-07/schema") return Dialect::draft7;
  if (rest == "json-schema.org/draft-06/schema") return Dialect::draft6;
  if (rest == "json-schema.org/draft-04/schema") return Dialect::draft4;
  return std::nullopt;
}

}  // namespace toolgate::schemas
