// Idle keep-alive client connections, keyed by scheme://host:port, shared by every request of one client.
// Thread-safe: requests on different strands take and return connections concurrently.
#pragma once

#include "net/client_connection.hpp"
#include "net/url.hpp"

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace toolgate::net {

class ConnectionPool {
 public:
  static std::string key_for(const Url& url);

  // A connection that is still usable, or null; stale ones met on the way are closed.
  std::unique_ptr<ClientConnection> take(const std::string& key);
  // Keeps `conn` for reuse unless the per-key cap is reached.
  void put(const std::string& key, std::unique_ptr<ClientConnection> conn);
  std::size_t idle_count() const;

 private:
  static constexpr std::size_t kMaxIdlePerKey = 16;
  // Most servers close idle keep-alive connections after 60-75 s; dropping ours earlier avoids the race.
  static constexpr std::chrono::seconds kMaxIdleAge{50};

  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::vector<std::unique_ptr<ClientConnection>>> idle_;
};

}  // namespace toolgate::net
