// The live sessions of one HTTP transport endpoint by id, with a cap on how many may exist at once.
// Thread-safe: sessions are looked up from every connection's strand.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace toolgate::mcp {

// `Session` has a `std::string id`.
template <typename Session>
class SessionTable {
 public:
  explicit SessionTable(std::size_t capacity) : capacity_(capacity) {}

  // false when the table is full (or the id is taken).
  bool insert(std::shared_ptr<Session> session) {
    std::lock_guard lock(mutex_);
    if (sessions_.size() >= capacity_) return false;
    const std::string id = session->id;
    return sessions_.emplace(id, std::move(session)).second;
  }

  std::shared_ptr<Session> find(std::string_view id) const {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(std::string(id));
    return it == sessions_.end() ? nullptr : it->second;
  }

  // Removes and returns the session (null when unknown).
  std::shared_ptr<Session> erase(std::string_view id) {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(std::string(id));
    if (it == sessions_.end()) return nullptr;
    auto out = std::move(it->second);
    sessions_.erase(it);
    return out;
  }

  // Removes and returns every session `pred` selects. `pred` runs with the table locked.
  template <typename Pred>
  std::vector<std::shared_ptr<Session>> erase_if(Pred pred) {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<Session>> out;
    for (auto it = sessions_.begin(); it != sessions_.end();) {
      if (pred(*it->second)) {
        out.push_back(std::move(it->second));
        it = sessions_.erase(it);
      } else {
        ++it;
      }
    }
    return out;
  }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return sessions_.size();
  }
  std::size_t capacity() const { return capacity_; }

 private:
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Session>> sessions_;
};

}  // namespace toolgate::mcp
