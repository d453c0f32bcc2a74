// API-key authentication: "Authorization: Bearer <key>" checked against configured SHA-256 digests.
// Pure and immutable after construction, so one instance is shared by every connection thread.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace toolgate::gateway::auth {

struct KeyEntry {
  std::string name;
  std::string sha256_hex;  // digest of the key; lower-case hex (upper case is accepted too)
};

enum class AuthFailure { missing, malformed, unknown_key };

class ApiKeyAuth {
 public:
  // Throws std::invalid_argument naming the entry when a digest is not 64 hex digits; config
  // validation is expected to have rejected that already, so this only fires at start-up.
  explicit ApiKeyAuth(std::vector<KeyEntry> keys);

  // false when no keys are configured: every request is then accepted as "anonymous".
  bool enabled() const;

  // `authorization` is the raw header value ("Bearer sk-…", scheme case-insensitive, empty when
  // the header is absent). Returns the matching key's name. The presented key's digest is compared
  // against every configured digest in constant time, so timing reveals neither which key nor how
  // much of it matched.
  std::variant<std::string, AuthFailure> authenticate(std::string_view authorization) const;

 private:
  struct Key {
    std::string name;
    std::string digest_hex;  // normalised to lower case
  };
  std::vector<Key> keys_;
};

// Client-facing text for a 401 body; never echoes the presented key.
std::string_view failure_message(AuthFailure failure);

}  // namespace toolgate::gateway::auth
