// Request ids: generated per request ("req_" + 32 hex) or honoured from a client's x-request-id.
// A client id is echoed into logs and headers, so only a short, plain character set is accepted.
#pragma once

#include <string>
#include <string_view>

namespace toolgate::observability {

// "req_" + 32 lower-case hex chars (128 random bits). Thread-safe: each thread owns a PRNG seeded
// from std::random_device, so ids are unguessable enough for correlation and cost no syscall.
std::string new_request_id();

// 1..128 chars of [A-Za-z0-9._:-]; anything else is replaced by a fresh id.
bool is_acceptable_request_id(std::string_view id);

}  // namespace toolgate::observability
