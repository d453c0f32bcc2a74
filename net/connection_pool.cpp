// Client keep-alive pool.
#include "net/connection_pool.hpp"

namespace toolgate::net {

std::string ConnectionPool::key_for(const Url& url) { return url.scheme + "://" + url.host + ":" + url.port; }

std::unique_ptr<ClientConnection> ConnectionPool::take(const std::string& key) {
  const auto now = std::chrono::steady_clock::now();
  std::vector<std::unique_ptr<ClientConnection>> stale;  // closed outside the lock
  std::unique_ptr<ClientConnection> found;
  {
    std::lock_guard lock(mutex_);
    auto it = idle_.find(key);
    if (it == idle_.end()) {
      return nullptr;
    }
    auto& conns = it->second;
    while (!conns.empty() && !found) {
      auto conn = std::move(conns.back());
      conns.pop_back();
      if (now - conn->idle_since < kMaxIdleAge && conn->reusable()) {
        found = std::move(conn);
      } else {
        stale.push_back(std::move(conn));
      }
    }
  }
  for (auto& conn : stale) {
    conn->close();
  }
  return found;
}

void ConnectionPool::put(const std::string& key, std::unique_ptr<ClientConnection> conn) {
  conn->idle_since = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  auto& conns = idle_[key];
  if (conns.size() < kMaxIdlePerKey) {
    conns.push_back(std::move(conn));
  }
}

std::size_t ConnectionPool::idle_count() const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const auto& [key, conns] : idle_) {
    n += conns.size();
  }
  return n;
}

}  // namespace toolgate::net
