#include "gateway/auth/api_key_auth.hpp"

#include <stdexcept>
#include <utility>

#include <openssl/crypto.h>

#include "gateway/auth/sha256.hpp"

namespace toolgate::gateway::auth {

namespace {

constexpr std::string_view kAnonymous = "anonymous";

bool is_ows(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_ows(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_ows(text.back())) text.remove_suffix(1);
  return text;
}

char lower_ascii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals_ascii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower_ascii(a[i]) != lower_ascii(b[i])) return false;
  }
  return true;
}

// Keys are opaque printable ASCII; whitespace inside, control bytes or non-ASCII mean the header
// is not a single bearer token.
bool is_token(std::string_view token) {
  if (token.empty()) return false;
  for (const char c : token) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20U || byte >= 0x7FU) return false;
  }
  return true;
}

std::string to_lower_hex(std::string_view hex) {
  std::string out(hex);
  for (char& c : out) c = lower_ascii(c);
  return out;
}

}  // namespace

ApiKeyAuth::ApiKeyAuth(std::vector<KeyEntry> keys) {
  keys_.reserve(keys.size());
  for (KeyEntry& entry : keys) {
    if (!is_sha256_hex(entry.sha256_hex)) {
      throw std::invalid_argument("auth key '" + entry.name + "': sha256 must be 64 hex digits");
    }
    keys_.push_back(Key{std::move(entry.name), to_lower_hex(entry.sha256_hex)});
  }
}

bool ApiKeyAuth::enabled() const { return !keys_.empty(); }

std::variant<std::string, AuthFailure> ApiKeyAuth::authenticate(
    std::string_view authorization) const {
  if (!enabled()) return std::string(kAnonymous);

  const std::string_view value = trim(authorization);
  if (value.empty()) return AuthFailure::missing;
  std::size_t scheme_end = 0;
  while (scheme_end < value.size() && !is_ows(value[scheme_end])) ++scheme_end;
  if (!iequals_ascii(value.substr(0, scheme_end), "bearer")) return AuthFailure::malformed;
  const std::string_view token = trim(value.substr(scheme_end));
  if (!is_token(token)) return AuthFailure::malformed;

  const std::string presented = sha256_hex(token);
  // Every configured digest is compared, whatever matched earlier.
  const Key* match = nullptr;
  for (const Key& key : keys_) {
    const bool equal =
        CRYPTO_memcmp(presented.data(), key.digest_hex.data(), presented.size()) == 0;
    if (equal && match == nullptr) match = &key;
  }
  if (match == nullptr) return AuthFailure::unknown_key;
  return match->name;
}

std::string_view failure_message(AuthFailure failure) {
  switch (failure) {
    case AuthFailure::missing:
      return "Missing API key: send Authorization: Bearer <key>";
    case AuthFailure::malformed:
      return "Malformed Authorization header: expected Authorization: Bearer <key>";
    case AuthFailure::unknown_key:
      return "Invalid API key";
  }
  return "Invalid API key";
}

}  // namespace toolgate::gateway::auth
