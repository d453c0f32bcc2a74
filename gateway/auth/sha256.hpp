// SHA-256 as lower-case hex (OpenSSL EVP). API keys are configured and compared as their digests,
// so the config file never holds a usable secret.
#pragma once

#include <string>
#include <string_view>

namespace toolgate::gateway::auth {

std::string sha256_hex(std::string_view data);

// 64 hex digits, either case: the shape a configured key digest must have.
bool is_sha256_hex(std::string_view text);

}  // namespace toolgate::gateway::auth
