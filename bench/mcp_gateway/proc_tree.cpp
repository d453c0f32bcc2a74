#include "bench/mcp_gateway/proc_tree.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace toolgate::bench {
namespace {

struct ProcStat {
  int ppid = 0;
  std::uint64_t ticks = 0;      // utime + stime
  std::uint64_t rss_pages = 0;
};

std::uint64_t to_u64(std::string_view text) {
  std::uint64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

// /proc/PID/stat: "pid (comm) state ppid ...": comm may hold spaces and parentheses, so fields are
// counted from the last ')'. After it, field 1 is state, 2 ppid, 12 utime, 13 stime, 22 rss.
// POSIX reads, not ifstream: libstdc++'s filebuf throws when read() fails with ESRCH, which is what a
// process that exits between the directory scan and the read gives.
bool read_stat(const std::filesystem::path& file, ProcStat& out) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char buffer[1024];
  const ssize_t got = ::read(fd, buffer, sizeof buffer);
  ::close(fd);
  if (got <= 0) return false;
  const std::string text(buffer, static_cast<std::size_t>(got));
  const auto close = text.rfind(')');
  if (close == std::string::npos) return false;
  std::string_view rest = std::string_view(text).substr(close + 1);
  std::size_t field = 0;
  while (!rest.empty()) {
    const auto start = rest.find_first_not_of(' ');
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    const auto end = std::min(rest.find(' '), rest.size());
    const std::string_view value = rest.substr(0, end);
    ++field;
    if (field == 2) out.ppid = static_cast<int>(to_u64(value));
    if (field == 12 || field == 13) out.ticks += to_u64(value);
    if (field == 22) {
      out.rss_pages = to_u64(value);
      return true;
    }
    rest.remove_prefix(end);
  }
  return false;
}

}  // namespace

TreeUsage tree_usage(const std::vector<int>& roots) {
  std::unordered_map<int, ProcStat> stats;
  std::unordered_map<int, std::vector<int>> children;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
    ProcStat stat;
    if (!read_stat(entry.path() / "stat", stat)) continue;  // exited while we looked
    const int pid = static_cast<int>(to_u64(name));
    stats.emplace(pid, stat);
    children[stat.ppid].push_back(pid);
  }
  static const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
  static const std::uint64_t page_kb = static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE)) / 1024;
  TreeUsage usage;
  std::unordered_set<int> seen;
  std::vector<int> pending(roots.begin(), roots.end());
  while (!pending.empty()) {
    const int pid = pending.back();
    pending.pop_back();
    const auto found = stats.find(pid);
    if (found == stats.end() || !seen.insert(pid).second) continue;
    usage.cpu_seconds += static_cast<double>(found->second.ticks) / tick;
    usage.rss_kb += found->second.rss_pages * page_kb;
    ++usage.processes;
    if (const auto kids = children.find(pid); kids != children.end()) {
      pending.insert(pending.end(), kids->second.begin(), kids->second.end());
    }
  }
  return usage;
}

}  // namespace toolgate::bench
