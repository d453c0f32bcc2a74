// Type, value, number and string keywords (see evaluator.hpp).
#include <charconv>
#include <cmath>
#include <optional>

#include "schemas/json/json_equal.hpp"
#include "schemas/validator/evaluator.hpp"

namespace toolgate::schemas {

namespace {

using simdjson::dom::element_type;

std::string_view type_name(simdjson::dom::element value) {
  switch (value.type()) {
    case element_type::ARRAY: return "array";
    case element_type::OBJECT: return "object";
    case element_type::STRING: return "string";
    case element_type::BOOL: return "boolean";
    case element_type::NULL_VALUE: return "null";
    case element_type::INT64:
    case element_type::UINT64: return "integer";
    case element_type::DOUBLE: return "number";
  }
  return "value";
}

std::string mask_names(std::uint32_t mask) {
  std::string out;
  for (auto [bit, name] : {std::pair{kTypeNull, "null"}, std::pair{kTypeBoolean, "boolean"}, std::pair{kTypeObject, "object"},
                           std::pair{kTypeArray, "array"}, std::pair{kTypeNumber, "number"},
                           std::pair{kTypeInteger, "integer"}, std::pair{kTypeString, "string"}}) {
    if (mask & bit) out += (out.empty() ? "" : " or ") + std::string(name);
  }
  return out;
}

std::string number_text(const JsonNumber& n) {
  return std::visit(
      [](auto v) {
        std::string s = std::to_string(v);
        if constexpr (std::is_same_v<decltype(v), double>) {
          char buf[32];
          auto r = std::to_chars(buf, buf + sizeof buf, v);
          s.assign(buf, r.ptr);
        }
        return s;
      },
      n);
}

// RFC 4648 base64 with padding; nullopt when `s` is not valid base64.
std::optional<std::string> decode_base64(std::string_view s) {
  if (s.size() % 4 != 0) return std::nullopt;
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  out.reserve(s.size() / 4 * 3);
  for (std::size_t i = 0; i < s.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      char c = s[i + k];
      if (c == '=' && i + 4 == s.size() && k >= 2) {
        v[k] = 0;
        ++pad;
      } else if (pad > 0 || (v[k] = value(c)) < 0) {
        return std::nullopt;
      }
    }
    std::uint32_t triple = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
    out.push_back(static_cast<char>(triple >> 16));
    if (pad < 2) out.push_back(static_cast<char>((triple >> 8) & 0xFF));
    if (pad < 1) out.push_back(static_cast<char>(triple & 0xFF));
  }
  return out;
}

// Code points, not bytes: UTF-8 continuation bytes are not counted.
std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

void Evaluator::type_error(const Block& b, simdjson::dom::element instance) {
  report(b.type_location, "type", "expected " + mask_names(b.types) + ", got " + std::string(type_name(instance)));
}

bool Evaluator::scalar_keywords(const Instr& in, simdjson::dom::element instance) {
  switch (in.op) {
    case Op::type: {
      if (type_bits(instance) & in.a) return true;
      if (explain()) report(in, "type", "expected " + mask_names(in.a) + ", got " + std::string(type_name(instance)));
      return false;
    }
    case Op::fail:
      if (explain()) report(in, "false", "no value is allowed here (the schema is false)");
      return false;
    case Op::const_value:
      if (json_equal(instance, program_.values[in.a])) return true;
      if (explain()) report(in, "const", "value must equal " + simdjson::minify(program_.values[in.a]));
      return false;
    case Op::enum_values: {
      const EnumTable& table = program_.enums[in.a];
      if (table.all_strings) {
        std::string_view s;
        if (instance.get(s) == simdjson::SUCCESS && table.strings.find(s) != PropertyTable::npos) return true;
      } else {
        for (auto v : table.values) {
          if (json_equal(instance, v)) return true;
        }
      }
      if (explain()) {
        std::string allowed;
        for (std::size_t i = 0; i < table.values.size() && i < 10; ++i) {
          allowed += (i ? ", " : "") + simdjson::minify(table.values[i]);
        }
        if (table.values.size() > 10) allowed += ", ...";
        report(in, "enum", "value must be one of " + allowed);
      }
      return false;
    }
    case Op::minimum:
    case Op::maximum:
    case Op::exclusive_minimum:
    case Op::exclusive_maximum:
    case Op::multiple_of: {
      if (!instance.is_number()) return true;
      const JsonNumber value = to_json_number(instance);
      const JsonNumber& bound = program_.numbers[in.a];
      if (in.op == Op::multiple_of) {
        if (is_multiple_of(value, bound)) return true;
        if (explain()) report(in, "multipleOf", "value must be a multiple of " + number_text(bound));
        return false;
      }
      const int c = compare_numbers(value, bound);
      bool ok = false;
      std::string_view keyword;
      std::string_view relation;
      switch (in.op) {
        case Op::minimum: ok = c >= 0; keyword = "minimum"; relation = ">="; break;
        case Op::maximum: ok = c <= 0; keyword = "maximum"; relation = "<="; break;
        case Op::exclusive_minimum: ok = c > 0; keyword = "exclusiveMinimum"; relation = ">"; break;
        default: ok = c < 0; keyword = "exclusiveMaximum"; relation = "<"; break;
      }
      if (!ok && explain()) report(in, keyword, "value must be " + std::string(relation) + " " + number_text(bound));
      return ok;
    }
    default:
      break;
  }
  std::string_view s;
  if (instance.get(s) != simdjson::SUCCESS) return true;
  switch (in.op) {
    case Op::min_length:
      // A code point takes at most 4 bytes, so short-circuit before counting.
      if (s.size() / 4 >= in.a || code_points(s) >= in.a) return true;
      if (explain()) report(in, "minLength", "string must have at least " + std::to_string(in.a) + " characters");
      return false;
    case Op::max_length:
      if (s.size() <= in.a || code_points(s) <= in.a) return true;
      if (explain()) report(in, "maxLength", "string must have at most " + std::to_string(in.a) + " characters");
      return false;
    case Op::pattern:
      switch (program_.regexes[in.a].search_utf8(s)) {
        case EcmaRegex::Match::yes: return true;
        case EcmaRegex::Match::no:
          if (explain()) report(in, "pattern", "string does not match the pattern " + program_.regexes[in.a].source());
          return false;
        case EcmaRegex::Match::limit_exceeded:
          abort(in.location, "pattern", "matching the pattern " + program_.regexes[in.a].source() + " exceeded its time limit");
          return false;
      }
      return false;
    case Op::format:
      if (check_format(static_cast<Format>(in.a), s)) return true;
      if (explain()) report(in, "format", "string is not a valid \"" + program_.strings[in.b] + "\"");
      return false;
    case Op::content: {
      std::optional<std::string> decoded;
      std::string_view content = s;
      if (in.a) {
        decoded = decode_base64(s);
        if (!decoded) {
          if (explain()) report(in, "contentEncoding", "string is not valid base64");
          return false;
        }
        content = *decoded;
      }
      if (in.b) {
        simdjson::dom::parser parser;
        if (parser.parse(content.data(), content.size()).error() != simdjson::SUCCESS) {
          if (explain()) report(in, "contentMediaType", "content is not valid application/json");
          return false;
        }
      }
      return true;
    }
    default:
      return true;
  }
}

}  // namespace toolgate::schemas
