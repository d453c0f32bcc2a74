// Spawning uses glibc's posix_spawn, not Boost.Process v2. Tried on Boost 1.81 (Debian 12): v2 does not
// compile with BOOST_PROCESS_USE_STD_FS, and in header-only mode its launcher fork()s a threaded process
// and runs Asio's fork hooks in the child, its close-all-fds helper skips the gap below its error pipe
// (a non-CLOEXEC fd leaked into the child in our trial), and an exec failure exit()s the child, which
// flushed our copied stdio buffers twice. posix_spawn (clone+exec, exec errors returned to the caller)
// with pipes on stream_descriptors and a pidfd for the exit needs no extra library.
#include "net/child_process.hpp"

#include "net/deadline.hpp"
#include "net/line_splitter.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>

extern char** environ;

namespace toolgate::net {

namespace asio = boost::asio;
using boost::system::error_code;

namespace {

constexpr std::size_t max_stderr_line = 64 * 1024;

// Writing to a pipe whose reader has gone raises SIGPIPE, which would kill the whole gateway; with it
// ignored the write fails with EPIPE and only that transport closes. Children get default dispositions back.
void ignore_sigpipe_once() {
  static std::once_flag once;
  std::call_once(once, [] { ::signal(SIGPIPE, SIG_IGN); });
}

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    reset(std::exchange(other.fd_, -1));
    return *this;
  }
  ~UniqueFd() { reset(); }
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

struct Pipe {
  UniqueFd read;
  UniqueFd write;
};

// Both ends close-on-exec, and never 0-2: were our own stdio closed, a pipe end could land on 0-2 and the
// child's dup2 sequence would clobber it.
error_code make_pipe(Pipe& out) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return {errno, boost::system::system_category()};
  UniqueFd ends[2] = {UniqueFd(fds[0]), UniqueFd(fds[1])};
  for (auto& end : ends) {
    if (end.get() > 2) continue;
    const int moved = ::fcntl(end.get(), F_DUPFD_CLOEXEC, 3);
    if (moved < 0) return {errno, boost::system::system_category()};
    end.reset(moved);
  }
  out.read = std::move(ends[0]);
  out.write = std::move(ends[1]);
  return {};
}

ChildError error(ChildErrc code, std::string message) { return ChildError{code, std::move(message)}; }

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

bool has_nul(std::string_view text) { return text.find('\0') != std::string_view::npos; }

std::optional<ChildError> validate(const ChildSpec& spec) {
  if (spec.argv.empty() || spec.argv.front().empty()) {
    return error(ChildErrc::invalid_spec, "cannot start a child process: the command is empty");
  }
  const std::string& command = spec.argv.front();
  for (const auto& arg : spec.argv) {
    if (has_nul(arg)) return error(ChildErrc::invalid_spec, "cannot start " + quoted(command) + ": an argument holds a NUL byte");
  }
  for (const auto& [name, value] : spec.env) {
    if (name.empty() || name.find('=') != std::string::npos || has_nul(name) || has_nul(value)) {
      return error(ChildErrc::invalid_spec,
                   "cannot start " + quoted(command) + ": invalid environment variable name " + quoted(name));
    }
  }
  if (spec.cwd && has_nul(*spec.cwd)) {
    return error(ChildErrc::invalid_spec, "cannot start " + quoted(command) + ": the working directory holds a NUL byte");
  }
  return std::nullopt;
}

// Our environment with the spec's variables set on top; a later duplicate in the spec wins.
std::vector<std::string> child_environment(const ChildSpec& spec) {
  const auto name_of = [](std::string_view entry) { return entry.substr(0, entry.find('=')); };
  const auto overridden = [&](std::string_view name) {
    for (const auto& [key, value] : spec.env) {
      if (key == name) return true;
    }
    return false;
  };
  std::vector<std::string> entries;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    if (!overridden(name_of(*entry))) entries.emplace_back(*entry);
  }
  for (std::size_t i = 0; i < spec.env.size(); ++i) {
    bool later_duplicate = false;
    for (std::size_t j = i + 1; j < spec.env.size(); ++j) later_duplicate |= spec.env[j].first == spec.env[i].first;
    if (!later_duplicate) entries.push_back(spec.env[i].first + "=" + spec.env[i].second);
  }
  return entries;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Owns posix_spawn's two attribute objects so every exit path destroys them.
struct SpawnAttributes {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  SpawnAttributes() {
    ::posix_spawn_file_actions_init(&actions);
    ::posix_spawnattr_init(&attr);
  }
  ~SpawnAttributes() {
    ::posix_spawnattr_destroy(&attr);
    ::posix_spawn_file_actions_destroy(&actions);
  }
  SpawnAttributes(const SpawnAttributes&) = delete;
  SpawnAttributes& operator=(const SpawnAttributes&) = delete;
};

// The child gets: the three pipe ends as 0-2, no other descriptor of ours (closefrom also catches fds that
// other code opened without O_CLOEXEC), default signal dispositions and an empty mask (Asio blocks signals
// in its threads), and its own process group so stop() reaches what it spawns in turn.
int configure(SpawnAttributes& sa, const Pipe& in, const Pipe& out, const Pipe& err, const ChildSpec& spec) {
  int rc = 0;
  const auto step = [&rc](int result) {
    if (rc == 0) rc = result;
  };
  step(::posix_spawn_file_actions_adddup2(&sa.actions, in.read.get(), STDIN_FILENO));
  step(::posix_spawn_file_actions_adddup2(&sa.actions, out.write.get(), STDOUT_FILENO));
  step(::posix_spawn_file_actions_adddup2(&sa.actions, err.write.get(), STDERR_FILENO));
  step(::posix_spawn_file_actions_addclosefrom_np(&sa.actions, 3));
  if (spec.cwd) step(::posix_spawn_file_actions_addchdir_np(&sa.actions, spec.cwd->c_str()));

  sigset_t none;
  sigset_t all;
  sigemptyset(&none);
  sigfillset(&all);
  step(::posix_spawnattr_setsigmask(&sa.attr, &none));
  step(::posix_spawnattr_setsigdefault(&sa.attr, &all));
  step(::posix_spawnattr_setpgroup(&sa.attr, 0));
  step(::posix_spawnattr_setflags(&sa.attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP));
  return rc;
}

// stream_descriptor::assign leaves the fd unowned when it fails.
void adopt(asio::posix::stream_descriptor& descriptor, int fd, error_code& ec) {
  descriptor.assign(fd, ec);
  if (ec) ::close(fd);
}

ChildExit decode_status(int status) {
  if (WIFSIGNALED(status)) return ChildExit{true, WTERMSIG(status)};
  return ChildExit{false, WEXITSTATUS(status)};
}

asio::awaitable<void> read_stderr(std::shared_ptr<asio::posix::stream_descriptor> pipe, StderrLineHandler handler) {
  LineSplitter splitter(max_stderr_line);
  std::array<char, 8192> chunk;
  const auto emit = [&handler](const Line& line) {
    if (handler && !line.text.empty()) handler(line.text);
  };
  for (;;) {
    auto [ec, n] = co_await pipe->async_read_some(asio::buffer(chunk), asio::as_tuple(asio::use_awaitable));
    if (ec) break;
    splitter.push(std::string_view(chunk.data(), n));
    while (auto line = splitter.next()) emit(*line);
  }
  if (auto tail = splitter.finish()) emit(*tail);
  error_code ignored;
  pipe->close(ignored);
}

}  // namespace

std::string ChildExit::describe() const {
  if (!signaled) return code < 0 ? std::string("exit status unknown") : "exit code " + std::to_string(code);
  const char* name = ::strsignal(code);
  return "signal " + std::to_string(code) + (name != nullptr ? " (" + std::string(name) + ")" : std::string());
}

ChildProcess::ChildProcess(asio::any_io_executor ex, pid_t pid, std::string command)
    : pid_(pid), command_(std::move(command)), stdin_(ex), stdout_(ex), pidfd_(ex) {}

boost::system::result<std::unique_ptr<ChildProcess>, ChildError> ChildProcess::spawn(asio::any_io_executor ex,
                                                                                       const ChildSpec& spec,
                                                                                       StderrLineHandler on_stderr) {
  if (auto invalid = validate(spec)) return *invalid;
  const std::string& command = spec.argv.front();
  const auto system_failure = [&command](std::string_view what, int err) {
    return error(ChildErrc::spawn_failed,
                 "cannot start " + quoted(command) + ": " + std::string(what) + std::strerror(err));
  };
  if (spec.cwd) {
    // posix_spawn reports a failed chdir as a bare ENOENT; checking first lets the message name the directory.
    struct stat st {};
    if (::stat(spec.cwd->c_str(), &st) != 0) return system_failure("working directory " + quoted(*spec.cwd) + ": ", errno);
    if (!S_ISDIR(st.st_mode)) return system_failure("working directory " + quoted(*spec.cwd) + ": ", ENOTDIR);
  }
  ignore_sigpipe_once();

  Pipe in;
  Pipe out;
  Pipe err;
  for (Pipe* pipe : {&in, &out, &err}) {
    if (const error_code ec = make_pipe(*pipe)) return system_failure("pipe: ", ec.value());
  }
  SpawnAttributes sa;
  if (const int rc = configure(sa, in, out, err, spec); rc != 0) return system_failure("spawn attributes: ", rc);

  std::vector<std::string> argv_strings = spec.argv;
  std::vector<std::string> env_strings = child_environment(spec);
  const std::vector<char*> argv = pointers(argv_strings);
  const std::vector<char*> envp = pointers(env_strings);
  pid_t pid = -1;
  // No '/' in the command: search PATH (ours, as execvp does), like a shell would.
  const bool search_path = command.find('/') == std::string::npos;
  const int rc = search_path ? ::posix_spawnp(&pid, command.c_str(), &sa.actions, &sa.attr, argv.data(), envp.data())
                             : ::posix_spawn(&pid, command.c_str(), &sa.actions, &sa.attr, argv.data(), envp.data());
  if (rc != 0) {
    if (rc == ENOENT && search_path) {
      return error(ChildErrc::spawn_failed, "cannot start " + quoted(command) + ": not found in PATH");
    }
    return system_failure("", rc);
  }
  // The child has its copies now; ours must go, or the child would never see EOF on stdin.
  in.read.reset();
  out.write.reset();
  err.write.reset();

  std::unique_ptr<ChildProcess> child(new ChildProcess(ex, pid, command));
  error_code ec;
  adopt(child->stdin_, in.write.release(), ec);
  if (!ec) adopt(child->stdout_, out.read.release(), ec);
  // pidfd_open needs Linux 5.3; without it (or where seccomp refuses it) wait() polls waitpid instead.
  if (!ec) {
    // Through syscall(): glibc 2.36's <sys/pidfd.h> lacks extern "C", so its pidfd_open does not link from C++.
    if (const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); pidfd >= 0) adopt(child->pidfd_, pidfd, ec);
  }
  auto strand = asio::make_strand(ex);
  auto stderr_pipe = std::make_shared<asio::posix::stream_descriptor>(strand);
  if (!ec) adopt(*stderr_pipe, err.read.release(), ec);
  if (ec) return system_failure("registering its pipes: ", ec.value());  // the destructor kills and reaps it
  child->stderr_ = stderr_pipe;
  asio::co_spawn(strand, read_stderr(std::move(stderr_pipe), std::move(on_stderr)), asio::detached);
  return child;
}

ChildProcess::~ChildProcess() {
  if (stderr_) {
    // The reader normally ends at EOF; a grandchild still holding stderr must not keep it (and us) alive.
    asio::post(stderr_->get_executor(), [pipe = stderr_] {
      error_code ignored;
      pipe->close(ignored);
    });
  }
  if (exit_ || try_reap()) return;
  signal(SIGKILL);
  // SIGKILL cannot be caught, so this wait is short; it is what keeps a zombie from outliving us.
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
}

std::optional<ChildExit> ChildProcess::try_reap() {
  if (exit_) return exit_;
  int status = 0;
  pid_t reaped = -1;
  do {
    reaped = ::waitpid(pid_, &status, WNOHANG);
  } while (reaped < 0 && errno == EINTR);
  if (reaped == 0) return std::nullopt;
  // ECHILD: someone else reaped it (SIGCHLD set to SIG_IGN, a stray waitpid(-1)); the status is lost.
  exit_ = reaped == pid_ ? decode_status(status) : ChildExit{false, -1};
  error_code ignored;
  pidfd_.close(ignored);  // wakes other waiters; they find exit_ set
  return exit_;
}

asio::awaitable<boost::system::result<ChildExit>> ChildProcess::wait() {
  std::chrono::milliseconds poll_interval{5};
  for (;;) {
    if (auto exited = try_reap()) co_return *exited;
    error_code ec;
    if (pidfd_.is_open()) {
      auto [waited] = co_await pidfd_.async_wait(asio::posix::descriptor_base::wait_read,
                                                 asio::as_tuple(asio::use_awaitable));
      ec = waited;
    } else {
      asio::steady_timer timer(co_await asio::this_coro::executor, poll_interval);
      auto [waited] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
      ec = waited;
      poll_interval = std::min(poll_interval * 2, std::chrono::milliseconds(100));
    }
    if (ec) {
      if (exit_) co_return *exit_;  // another waiter reaped it and closed the pidfd under us
      co_return boost::system::result<ChildExit>(boost::system::in_place_error, ec);
    }
  }
}

asio::awaitable<ChildExit> ChildProcess::stop(std::chrono::milliseconds grace) {
  error_code ignored;
  stdin_.close(ignored);
  const ChildExit exit = co_await stop_leader(grace);
  // Whatever the child left running in its group (a background helper, a wrapper's server) would hold our
  // pipes and outlive it. The group id stays reserved while members remain, so this reaches only them.
  ::kill(-pid_, SIGKILL);
  co_return exit;
}

asio::awaitable<ChildExit> ChildProcess::stop_leader(std::chrono::milliseconds grace) {
  error_code ignored;
  bool cancelled = false;
  for (const int escalation : {SIGTERM, SIGKILL}) {
    auto waited = co_await race_deadline(wait(), deadline_after(grace));
    if (waited && *waited) co_return **waited;
    if (!waited && waited.error() != asio::error::timed_out) {
      cancelled = true;
      break;
    }
    signal(escalation);
  }
  if (!cancelled) {
    auto killed = co_await wait();
    if (killed) co_return *killed;
  }
  // Cancelled: awaiting anything now would throw, so kill and reap here; SIGKILL makes the wait short.
  signal(SIGKILL);
  if (auto exited = try_reap()) co_return *exited;
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  exit_ = decode_status(status);
  pidfd_.close(ignored);
  co_return *exit_;
}

bool ChildProcess::signal(int signo) {
  if (exit_) return false;  // reaped: the pid may belong to someone else by now
  if (::kill(-pid_, signo) == 0) return true;
  return ::kill(pid_, signo) == 0;
}

}  // namespace toolgate::net
