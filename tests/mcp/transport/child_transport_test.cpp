#include "mcp/transport/child_transport.hpp"

#include "tests/support/run_until.hpp"

#include <boost/asio/steady_timer.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <string>
#include <vector>

namespace toolgate::mcp {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using test::run_until;
using testing::HasSubstr;

ChildSpec shell(std::string script) {
  ChildSpec spec;
  spec.argv = {"/bin/sh", "-c", std::move(script)};
  spec.stop_grace = 100ms;
  return spec;
}

bool reaped(pid_t pid) { return ::waitpid(pid, nullptr, WNOHANG) == -1 && errno == ECHILD; }

class ChildTransportTest : public ::testing::Test {
 protected:
  // Asio opens its epoll, eventfd and timerfd descriptors on first use; open them before any fd count.
  ChildTransportTest() { asio::steady_timer warm_up(io_); }

  Inbound inbound() {
    Inbound in;
    in.deliver = [this](jsonrpc::Message m) { delivered_.push_back(std::move(m)); };
    in.closed = [this] { ++closed_; };
    in.batches_allowed = [] { return false; };
    return in;
  }

  std::unique_ptr<ChildTransport> spawn(const ChildSpec& spec) {
    auto transport = spawn_child_transport(io_.get_executor(), spec, inbound(),
                                           [this](std::string_view line) { stderr_.emplace_back(line); });
    if (!transport) ADD_FAILURE() << transport.error().message;
    return transport ? std::move(*transport) : nullptr;
  }

  asio::io_context io_;
  std::vector<jsonrpc::Message> delivered_;
  std::vector<std::string> stderr_;
  int closed_ = 0;
};

TEST_F(ChildTransportTest, MessagesRoundTripThroughCatInOrder) {
  ChildSpec spec;
  spec.argv = {"cat"};
  auto transport = spawn(spec);
  ASSERT_TRUE(transport);
  constexpr int count = 1000;
  for (int i = 0; i < count; ++i) {
    ASSERT_TRUE(transport->send(jsonrpc::Request{std::int64_t{i}, "tools/call", "{\"name\":\"echo\"}"}, std::nullopt));
  }
  ASSERT_TRUE(run_until(io_, [&] { return delivered_.size() == count; }));
  for (int i = 0; i < count; ++i) {
    const auto& request = std::get<jsonrpc::Request>(delivered_[static_cast<std::size_t>(i)]);
    EXPECT_EQ(request.id, jsonrpc::Id(std::int64_t{i}));
    EXPECT_EQ(request.params, "{\"name\":\"echo\"}");
  }
  transport->close();  // cat exits at EOF on stdin: no signal needed
  ASSERT_TRUE(run_until(io_, [&] { return closed_ == 1; }));
  EXPECT_TRUE(test::run_to_quiescence(io_));
  EXPECT_TRUE(reaped(transport->pid()));
}

TEST_F(ChildTransportTest, StderrLinesReachTheCallback) {
  auto transport = spawn(shell("echo 'starting server' >&2; echo 'listening on stdio' >&2; exec cat"));
  ASSERT_TRUE(transport);
  ASSERT_TRUE(run_until(io_, [&] { return stderr_.size() == 2; }));
  EXPECT_THAT(stderr_, testing::ElementsAre("starting server", "listening on stdio"));
  EXPECT_EQ(closed_, 0);  // stderr output is a log, not a failure
}

TEST_F(ChildTransportTest, TheChildsExitEndsTheConnectionAfterItsLastMessage) {
  auto transport = spawn(shell(R"(echo '{"jsonrpc":"2.0","method":"notifications/message","params":{}}'; exit 3)"));
  ASSERT_TRUE(transport);
  ASSERT_TRUE(run_until(io_, [&] { return closed_ == 1; }));
  ASSERT_EQ(delivered_.size(), 1u);
  EXPECT_EQ(std::get<jsonrpc::Notification>(delivered_[0]).method, "notifications/message");
  EXPECT_TRUE(test::run_to_quiescence(io_));  // the exit watcher has closed the transport
  EXPECT_FALSE(transport->send(jsonrpc::Notification{"notifications/cancelled", std::nullopt}, std::nullopt));
}

TEST_F(ChildTransportTest, AGrandchildHoldingStdoutDoesNotKeepTheConnectionOpen) {
  // The shell exits at once; its background sleep keeps stdout open, so only the drain period ends it.
  auto transport = spawn(shell("sleep 30 & exit 0"));
  ASSERT_TRUE(transport);
  const auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(run_until(io_, [&] { return closed_ == 1; }));
  EXPECT_GE(std::chrono::steady_clock::now() - started, 100ms);
  transport->close();  // the group-wide stop sequence takes the sleep too
  EXPECT_TRUE(test::run_to_quiescence(io_));
}

TEST_F(ChildTransportTest, AMissingExecutableIsAnErrorNamingIt) {
  ChildSpec spec;
  spec.argv = {"/nonexistent/mcp-server"};
  auto transport = spawn_child_transport(io_.get_executor(), spec, inbound());
  ASSERT_FALSE(transport);
  EXPECT_EQ(transport.error().code, net::ChildErrc::spawn_failed);
  EXPECT_THAT(transport.error().message, HasSubstr("'/nonexistent/mcp-server'"));
}

TEST_F(ChildTransportTest, CloseEscalatesForAChildThatIgnoresEofAndSigterm) {
  auto transport = spawn(shell("trap '' TERM; echo ready >&2; sleep 30"));
  ASSERT_TRUE(transport);
  ASSERT_TRUE(run_until(io_, [&] { return stderr_.size() == 1; }));  // the trap is in place
  const auto started = std::chrono::steady_clock::now();
  transport->close();
  ASSERT_TRUE(run_until(io_, [&] { return closed_ == 1; }));
  EXPECT_TRUE(test::run_to_quiescence(io_));
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_GE(took, 200ms);  // stdin closed, grace, SIGTERM ignored, grace, SIGKILL
  EXPECT_LT(took, 1500ms);
  EXPECT_TRUE(reaped(transport->pid()));
}

TEST_F(ChildTransportTest, DroppingTheTransportStopsAndReapsTheChild) {
  const std::size_t fds_before = test::open_fd_count();
  pid_t pid = -1;
  {
    auto transport = spawn(shell("exec sleep 30"));
    ASSERT_TRUE(transport);
    pid = transport->pid();
    ASSERT_TRUE(transport->send(jsonrpc::Notification{"notifications/initialized", std::nullopt}, std::nullopt));
  }
  EXPECT_TRUE(test::run_to_quiescence(io_));  // stdin closed, grace, SIGTERM
  EXPECT_TRUE(reaped(pid));
  EXPECT_EQ(closed_, 1);
  EXPECT_EQ(test::open_fd_count(), fds_before);
}

}  // namespace
}  // namespace toolgate::mcp
