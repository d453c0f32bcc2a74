#include "observability/request_id.hpp"

#include <array>
#include <cstdint>
#include <random>

namespace toolgate::observability {

namespace {

constexpr std::size_t kMaxRequestIdLength = 128;

std::mt19937_64& thread_generator() {
  thread_local std::mt19937_64 generator = [] {
    std::random_device device;
    std::array<std::uint32_t, 8> seed{};
    for (auto& word : seed) word = device();
    std::seed_seq sequence(seed.begin(), seed.end());
    return std::mt19937_64(sequence);
  }();
  return generator;
}

void append_hex(std::string& out, std::uint64_t value) {
  constexpr std::string_view kDigits = "0123456789abcdef";
  for (int shift = 60; shift >= 0; shift -= 4) {
    out.push_back(kDigits[(value >> static_cast<unsigned>(shift)) & 0xFU]);
  }
}

bool is_id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == ':' || c == '-';
}

}  // namespace

std::string new_request_id() {
  auto& generator = thread_generator();
  std::string id;
  id.reserve(4 + 32);
  id.append("req_");
  append_hex(id, generator());
  append_hex(id, generator());
  return id;
}

bool is_acceptable_request_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  for (const char c : id) {
    if (!is_id_char(c)) return false;
  }
  return true;
}

}  // namespace toolgate::observability
