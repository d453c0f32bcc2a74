#include "net/child_process.hpp"

#include "net/deadline.hpp"
#include "tests/support/run_until.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <string>
#include <vector>

namespace toolgate::net {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using test::run_co;
using test::run_until;
using testing::HasSubstr;

ChildSpec command(std::vector<std::string> argv) {
  ChildSpec spec;
  spec.argv = std::move(argv);
  return spec;
}

ChildSpec shell(std::string script) { return command({"/bin/sh", "-c", std::move(script)}); }

// Reads the child's stdout up to and including the next newline.
asio::awaitable<std::string> read_line(ChildProcess& child) {
  std::string text;
  auto buffer = asio::dynamic_buffer(text);
  co_await asio::async_read_until(child.stdout_pipe(), buffer, '\n', asio::use_awaitable);
  co_return text;
}

// Reads the child's stdout to EOF.
asio::awaitable<std::string> read_all(ChildProcess& child) {
  std::string text;
  auto buffer = asio::dynamic_buffer(text);
  auto [ec, n] = co_await asio::async_read(child.stdout_pipe(), buffer, asio::as_tuple(asio::use_awaitable));
  EXPECT_EQ(ec, asio::error::eof);
  co_return text;
}

bool reaped(pid_t pid) { return ::waitpid(pid, nullptr, WNOHANG) == -1 && errno == ECHILD; }

class ChildProcessTest : public ::testing::Test {
 protected:
  // Asio opens its epoll, eventfd and timerfd descriptors on first use; open them before any fd count.
  ChildProcessTest() { asio::steady_timer warm_up(io_); }

  std::unique_ptr<ChildProcess> spawn(const ChildSpec& spec, StderrLineHandler on_stderr = {}) {
    auto child = ChildProcess::spawn(io_.get_executor(), spec, std::move(on_stderr));
    if (!child) ADD_FAILURE() << child.error().message;
    return child ? std::move(*child) : nullptr;
  }

  ChildExit wait_exit(ChildProcess& child) {
    auto exited = run_co(io_, child.wait());
    if (!exited || !*exited) {
      ADD_FAILURE() << "the child did not exit in time";
      return {};
    }
    return **exited;
  }

  ChildExit stop(ChildProcess& child, std::chrono::milliseconds grace) {
    auto exited = run_co(io_, child.stop(grace));
    if (!exited) {
      ADD_FAILURE() << "stop() did not finish in time";
      return {};
    }
    return *exited;
  }

  asio::io_context io_;
};

TEST_F(ChildProcessTest, EchoesThroughCatAndExitsCleanlyWhenStdinCloses) {
  auto child = spawn(command({"cat"}));  // found through PATH
  ASSERT_TRUE(child);
  auto echoed = run_co(io_, [&]() -> asio::awaitable<std::string> {
    co_await asio::async_write(child->stdin_pipe(), asio::buffer(std::string_view("hello\n")), asio::use_awaitable);
    co_return co_await read_line(*child);
  }());
  EXPECT_EQ(echoed, "hello\n");

  const ChildExit exit = stop(*child, 1s);
  EXPECT_FALSE(exit.signaled);
  EXPECT_EQ(exit.code, 0);
  EXPECT_EQ(exit.describe(), "exit code 0");
  EXPECT_TRUE(reaped(child->pid()));
}

TEST_F(ChildProcessTest, StderrArrivesLineByLine) {
  std::vector<std::string> lines;
  auto child = spawn(shell("printf 'one\\r\\ntwo\\n\\nlast' >&2"),
                     [&](std::string_view line) { lines.emplace_back(line); });
  ASSERT_TRUE(child);
  EXPECT_EQ(wait_exit(*child).code, 0);
  ASSERT_TRUE(run_until(io_, [&] { return lines.size() >= 3; }));
  EXPECT_THAT(lines, testing::ElementsAre("one", "two", "last"));
}

TEST_F(ChildProcessTest, ReportsTheExitCode) {
  auto child = spawn(shell("exit 7"));
  ASSERT_TRUE(child);
  const ChildExit exit = wait_exit(*child);
  EXPECT_FALSE(exit.signaled);
  EXPECT_EQ(exit.code, 7);
  ASSERT_TRUE(child->exit_status());
  EXPECT_EQ(child->exit_status()->code, 7);
  EXPECT_FALSE(child->signal(SIGTERM));  // reaped: never signal a pid that may be reused
}

TEST_F(ChildProcessTest, ReportsTheKillingSignal) {
  auto child = spawn(shell("kill -KILL $$"));
  ASSERT_TRUE(child);
  const ChildExit exit = wait_exit(*child);
  EXPECT_TRUE(exit.signaled);
  EXPECT_EQ(exit.code, SIGKILL);
  EXPECT_THAT(exit.describe(), HasSubstr("signal 9"));
}

TEST_F(ChildProcessTest, SeveralWaitersAllSeeTheExit) {
  auto child = spawn(command({"cat"}));
  ASSERT_TRUE(child);
  int seen = 0;
  for (int i = 0; i < 2; ++i) {
    asio::co_spawn(io_, child->wait(), [&](std::exception_ptr, boost::system::result<ChildExit> exit) {
      if (exit && exit->code == 0) ++seen;
    });
  }
  boost::system::error_code ignored;
  child->stdin_pipe().close(ignored);
  EXPECT_TRUE(run_until(io_, [&] { return seen == 2; }));
}

TEST_F(ChildProcessTest, WaitGivesUpAtADeadlineAndTheChildRuns) {
  auto child = spawn(command({"cat"}));
  ASSERT_TRUE(child);
  auto waited = run_co(io_, race_deadline(child->wait(), deadline_after(20ms)));
  ASSERT_TRUE(waited);
  ASSERT_FALSE(*waited);
  EXPECT_EQ(waited->error(), asio::error::timed_out);
  EXPECT_FALSE(child->exit_status());
  EXPECT_FALSE(stop(*child, 1s).signaled);
}

TEST_F(ChildProcessTest, StopSendsSigtermToAChildThatIgnoresEof) {
  auto child = spawn(shell("echo ready; exec sleep 30"));
  ASSERT_TRUE(child);
  EXPECT_EQ(run_co(io_, read_line(*child)), "ready\n");
  const auto started = std::chrono::steady_clock::now();
  const ChildExit exit = stop(*child, 100ms);
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_TRUE(exit.signaled);
  EXPECT_EQ(exit.code, SIGTERM);
  EXPECT_GE(took, 100ms);
  EXPECT_LT(took, 1s);
}

TEST_F(ChildProcessTest, StopEscalatesToSigkillWhenSigtermIsIgnored) {
  // The shell and its sleep both ignore SIGTERM; the group-wide SIGKILL takes both, so stdout reaches EOF.
  auto child = spawn(shell("trap '' TERM; echo ready; sleep 30"));
  ASSERT_TRUE(child);
  EXPECT_EQ(run_co(io_, read_line(*child)), "ready\n");
  const auto started = std::chrono::steady_clock::now();
  const ChildExit exit = stop(*child, 100ms);
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_TRUE(exit.signaled);
  EXPECT_EQ(exit.code, SIGKILL);
  EXPECT_GE(took, 200ms);
  EXPECT_LT(took, 1500ms);
  EXPECT_EQ(run_co(io_, read_all(*child)), "");  // no grandchild holds the pipe any more
}

TEST_F(ChildProcessTest, AMissingExecutableIsAnErrorNamingIt) {
  const std::size_t fds_before = test::open_fd_count();
  auto by_path = ChildProcess::spawn(io_.get_executor(), command({"/nonexistent/mcp-server", "--stdio"}));
  ASSERT_FALSE(by_path);
  EXPECT_EQ(by_path.error().code, ChildErrc::spawn_failed);
  EXPECT_THAT(by_path.error().message, HasSubstr("'/nonexistent/mcp-server'"));
  EXPECT_THAT(by_path.error().message, HasSubstr("No such file or directory"));

  auto by_name = ChildProcess::spawn(io_.get_executor(), command({"toolgate-no-such-server"}));
  ASSERT_FALSE(by_name);
  EXPECT_THAT(by_name.error().message, HasSubstr("'toolgate-no-such-server': not found in PATH"));
  EXPECT_EQ(test::open_fd_count(), fds_before);
}

TEST_F(ChildProcessTest, ABadWorkingDirectoryIsNamed) {
  ChildSpec spec = command({"cat"});
  spec.cwd = "/nonexistent/dir";
  auto child = ChildProcess::spawn(io_.get_executor(), spec);
  ASSERT_FALSE(child);
  EXPECT_THAT(child.error().message, HasSubstr("'cat'"));
  EXPECT_THAT(child.error().message, HasSubstr("'/nonexistent/dir'"));
}

TEST_F(ChildProcessTest, AnInvalidSpecIsRefused) {
  EXPECT_EQ(ChildProcess::spawn(io_.get_executor(), command({})).error().code, ChildErrc::invalid_spec);
  ChildSpec bad_env = command({"cat"});
  bad_env.env = {{"A=B", "c"}};
  auto child = ChildProcess::spawn(io_.get_executor(), bad_env);
  ASSERT_FALSE(child);
  EXPECT_EQ(child.error().code, ChildErrc::invalid_spec);
  EXPECT_THAT(child.error().message, HasSubstr("'A=B'"));
}

TEST_F(ChildProcessTest, EnvironmentAndWorkingDirectoryApply) {
  ChildSpec spec = shell("printf '%s|%s|%s\\n' \"$TOOLGATE_TEST_VAR\" \"$HOME\" \"$(pwd -P)\"");
  spec.env = {{"TOOLGATE_TEST_VAR", "first"}, {"HOME", "/nowhere"}, {"TOOLGATE_TEST_VAR", "bar"}};
  spec.cwd = "/";
  auto child = spawn(spec);
  ASSERT_TRUE(child);
  EXPECT_EQ(run_co(io_, read_all(*child)), "bar|/nowhere|/\n");
  EXPECT_EQ(wait_exit(*child).code, 0);
}

TEST_F(ChildProcessTest, TheChildGetsNoDescriptorOfOursButItsPipes) {
  // A descriptor opened without O_CLOEXEC, as some libraries still do, must not reach the child.
  const int stray = ::open("/dev/null", O_RDONLY);
  ASSERT_GE(stray, 0);
  ASSERT_EQ(::dup2(stray, 100), 100);
  ::close(stray);
  auto child = spawn(command({"ls", "/proc/self/fd"}));
  ASSERT_TRUE(child);
  const auto listing = run_co(io_, read_all(*child));
  ::close(100);
  // ls itself holds fd 3 for the directory it lists.
  EXPECT_EQ(listing, "0\n1\n2\n3\n");
}

TEST_F(ChildProcessTest, NoDescriptorOrZombieOutlivesTheObject) {
  const std::size_t fds_before = test::open_fd_count();
  pid_t pid = -1;
  {
    auto child = spawn(shell("echo out; echo err >&2"), [](std::string_view) {});
    ASSERT_TRUE(child);
    pid = child->pid();
    EXPECT_EQ(run_co(io_, read_all(*child)), "out\n");
    EXPECT_EQ(wait_exit(*child).code, 0);
  }
  EXPECT_TRUE(test::run_to_quiescence(io_));
  EXPECT_TRUE(reaped(pid));
  EXPECT_EQ(test::open_fd_count(), fds_before);
}

TEST_F(ChildProcessTest, DestroyingARunningChildKillsAndReapsIt) {
  const std::size_t fds_before = test::open_fd_count();
  pid_t pid = -1;
  {
    auto child = spawn(command({"sleep", "30"}));
    ASSERT_TRUE(child);
    pid = child->pid();
  }
  EXPECT_TRUE(reaped(pid));
  EXPECT_TRUE(test::run_to_quiescence(io_));  // the stderr reader sees EOF and ends
  EXPECT_EQ(test::open_fd_count(), fds_before);
}

}  // namespace
}  // namespace toolgate::net
