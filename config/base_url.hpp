// Checks an upstream `base_url`: http(s) only, a host, no credentials, query or fragment in it.
// Credentials in URLs leak into logs, so they are refused here rather than redacted later.
#pragma once

#include <string>
#include <string_view>

namespace toolgate::config {

struct BaseUrlCheck {
  std::string url;    // normalised: trailing slashes removed so callers append "/chat/completions"
  std::string error;  // empty on success
  bool ok() const { return error.empty(); }
};

BaseUrlCheck check_base_url(std::string_view text);

}  // namespace toolgate::config
