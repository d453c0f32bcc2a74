// A child process with its stdin, stdout and stderr on pipes driven by Asio: spawn from argv, stderr read
// line by line into a callback, an awaitable exit, and MCP's stop sequence (close stdin, SIGTERM, SIGKILL).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/assert/source_location.hpp>
#include <boost/system/result.hpp>

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace toolgate::net {

struct ChildSpec {
  std::vector<std::string> argv;                          // argv[0] is looked up in our PATH unless it has a '/'
  std::vector<std::pair<std::string, std::string>> env;   // set on top of (overriding) our own environment
  std::optional<std::string> cwd;                         // the child's working directory; ours when absent
  std::chrono::milliseconds stop_grace{2000};             // each of the two waits of the stop sequence
};

enum class ChildErrc {
  invalid_spec = 1,  // empty argv, a NUL byte in an argument, a bad environment name
  spawn_failed,      // no such executable, not executable, bad working directory, out of resources
};

struct ChildError {
  ChildErrc code;
  std::string message;  // names the command, e.g. "cannot start 'mcp-fs': No such file or directory"
};

// Called by result<T, ChildError>::value() when it holds an error.
[[noreturn]] inline void throw_exception_from_error(const ChildError& e, const boost::source_location&) {
  throw std::runtime_error(e.message);
}

struct ChildExit {
  bool signaled = false;  // ended by a signal rather than by exiting
  int code = 0;           // the exit status, or the signal number when signaled
  std::string describe() const;  // "exit code 3", "signal 9 (Killed)"
};

// One stderr line without its terminator; lines past 64 KiB arrive cut at that length.
using StderrLineHandler = std::function<void(std::string_view line)>;

// Like an Asio I/O object: use it from one strand (or a single-threaded context), and destroy it there.
class ChildProcess {
 public:
  // Starts the child in its own process group. Exec failures (no such file, permission) come back here as
  // errors, never as exceptions. `on_stderr` runs on a strand of `ex` and must not throw; without it stderr
  // is read and dropped. The first call sets SIGPIPE to ignored process-wide, so a write to a dead child's
  // stdin fails with EPIPE instead of killing us; children get default signal dispositions back.
  static boost::system::result<std::unique_ptr<ChildProcess>, ChildError> spawn(
      boost::asio::any_io_executor ex, const ChildSpec& spec, StderrLineHandler on_stderr = {});

  // A child still running gets SIGKILL (its process group too) and is reaped before this returns, so no
  // zombie or descriptor outlives the object; a graceful end is stop()'s job.
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  const std::string& command() const { return command_; }

  // The write end of the child's stdin and the read end of its stdout. Either may be moved out; the child
  // sees EOF on stdin once whoever holds that end closes it.
  boost::asio::posix::stream_descriptor& stdin_pipe() { return stdin_; }
  boost::asio::posix::stream_descriptor& stdout_pipe() { return stdout_; }

  // Completes when the child has exited and been reaped; operation_aborted when the awaiting coroutine is
  // cancelled first. Several coroutines of this object's strand may wait at once.
  boost::asio::awaitable<boost::system::result<ChildExit>> wait();
  // The exit status once wait() has seen it.
  const std::optional<ChildExit>& exit_status() const { return exit_; }

  // MCP's shutdown for stdio servers: close stdin (when still held here), wait up to `grace`, SIGTERM the
  // process group, wait up to `grace`, SIGKILL it, and reap. Members of the group still running after the
  // child's exit get SIGKILL too.
  boost::asio::awaitable<ChildExit> stop(std::chrono::milliseconds grace);

  // Sends `signo` to the child's process group (the child alone if it left the group). False once reaped.
  bool signal(int signo);

 private:
  ChildProcess(boost::asio::any_io_executor ex, pid_t pid, std::string command);
  std::optional<ChildExit> try_reap();
  boost::asio::awaitable<ChildExit> stop_leader(std::chrono::milliseconds grace);

  pid_t pid_;
  std::string command_;
  boost::asio::posix::stream_descriptor stdin_;
  boost::asio::posix::stream_descriptor stdout_;
  boost::asio::posix::stream_descriptor pidfd_;   // readable once the child exits (Linux 5.3+)
  std::shared_ptr<boost::asio::posix::stream_descriptor> stderr_;  // shared with the coroutine reading it
  std::optional<ChildExit> exit_;
};

}  // namespace toolgate::net
