#include "schemas/json/json_pointer.hpp"

#include <charconv>

namespace toolgate::schemas {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

boost::system::result<std::string, std::string> percent_decode(std::string_view text) {
  std::string decoded;
  decoded.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      decoded.push_back(text[i]);
      continue;
    }
    const bool complete = i + 2 < text.size();
    const int high = complete ? hex_value(text[i + 1]) : -1;
    const int low = complete ? hex_value(text[i + 2]) : -1;
    if (high < 0 || low < 0) {
      return {boost::system::in_place_error,
              "invalid percent-encoding at offset " + std::to_string(i) + " of \"" + std::string(text) + "\""};
    }
    decoded.push_back(static_cast<char>(high * 16 + low));
    i += 2;
  }
  if (!simdjson::validate_utf8(decoded)) {
    return {boost::system::in_place_error, "percent-decoded fragment \"" + std::string(text) + "\" is not valid UTF-8"};
  }
  return {boost::system::in_place_value, std::move(decoded)};
}

// A canonical array index: "0" or digits without a leading zero, small enough for size_t.
std::optional<std::size_t> parse_index(std::string_view token) {
  if (token.empty() || (token.size() > 1 && token.front() == '0')) {
    return std::nullopt;
  }
  std::size_t index = 0;
  const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), index);
  if (error != std::errc{} || end != token.data() + token.size()) {
    return std::nullopt;
  }
  return index;
}

}  // namespace

boost::system::result<std::vector<std::string>, std::string> parse_json_pointer(std::string_view pointer) {
  std::vector<std::string> tokens;
  if (pointer.empty()) {
    return tokens;
  }
  if (pointer.front() != '/') {
    return "JSON Pointer \"" + std::string(pointer) + "\" must be empty or start with '/'";
  }
  std::string token;
  for (std::size_t i = 1; i <= pointer.size(); ++i) {
    if (i == pointer.size() || pointer[i] == '/') {
      tokens.push_back(std::move(token));
      token.clear();
      continue;
    }
    if (pointer[i] != '~') {
      token.push_back(pointer[i]);
      continue;
    }
    const char next = i + 1 < pointer.size() ? pointer[i + 1] : '\0';
    if (next != '0' && next != '1') {
      return "JSON Pointer \"" + std::string(pointer) + "\" has an invalid escape at offset " + std::to_string(i) +
             " ('~' must be followed by '0' or '1')";
    }
    token.push_back(next == '0' ? '~' : '/');
    ++i;
  }
  return tokens;
}

boost::system::result<std::vector<std::string>, std::string> parse_fragment_pointer(std::string_view fragment) {
  auto decoded = percent_decode(fragment);
  if (!decoded) {
    return decoded.error();
  }
  return parse_json_pointer(*decoded);
}

void append_pointer_token(std::string& pointer, std::string_view token) {
  pointer.push_back('/');
  for (const char c : token) {
    if (c == '~') {
      pointer += "~0";
    } else if (c == '/') {
      pointer += "~1";
    } else {
      pointer.push_back(c);
    }
  }
}

void append_pointer_index(std::string& pointer, std::size_t index) {
  char digits[24];
  const auto result = std::to_chars(digits, digits + sizeof(digits), index);
  pointer.push_back('/');
  pointer.append(digits, result.ptr);
}

std::string to_json_pointer(const std::vector<std::string>& tokens) {
  std::string pointer;
  for (const auto& token : tokens) {
    append_pointer_token(pointer, token);
  }
  return pointer;
}

std::optional<simdjson::dom::element> resolve_json_pointer(simdjson::dom::element root,
                                                           const std::vector<std::string>& tokens) {
  simdjson::dom::element current = root;
  for (const auto& token : tokens) {
    simdjson::dom::object object;
    simdjson::dom::array array;
    if (current.get_object().get(object) == simdjson::SUCCESS) {
      if (object.at_key(token).get(current) != simdjson::SUCCESS) {
        return std::nullopt;
      }
    } else if (current.get_array().get(array) == simdjson::SUCCESS) {
      const auto index = parse_index(token);
      if (!index || array.at(*index).get(current) != simdjson::SUCCESS) {
        return std::nullopt;
      }
    } else {
      return std::nullopt;
    }
  }
  return current;
}

}  // namespace toolgate::schemas
