// CPU time and resident memory of process trees, read from Linux /proc: what the servers behind a
// benchmark target spend, children (a gateway's stdio upstreams) included.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace toolgate::bench {

struct TreeUsage {
  double cpu_seconds = 0;      // user + system time of the live processes in the trees
  std::uint64_t rss_kb = 0;    // resident set size, summed
  std::size_t processes = 0;   // live processes counted
};

// Sums over each root and all of its live descendants (a process under two roots is counted once).
// Processes that exited are gone from /proc: callers sample while the trees they watch are stable.
TreeUsage tree_usage(const std::vector<int>& roots);

}  // namespace toolgate::bench
