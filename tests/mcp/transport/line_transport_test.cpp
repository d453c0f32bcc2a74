#include "mcp/transport/line_transport.hpp"

#include "mcp/jsonrpc/codec.hpp"
#include "tests/support/run_until.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <string>
#include <thread>
#include <vector>

namespace toolgate::mcp {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using test::run_co;
using test::run_until;
using testing::HasSubstr;

constexpr std::string_view ping = R"({"jsonrpc":"2.0","id":1,"method":"ping"})";
constexpr std::string_view initialized = R"({"jsonrpc":"2.0","method":"notifications/initialized"})";

jsonrpc::Message notification(int n) {
  return jsonrpc::Notification{"notifications/progress", "{\"progress\":" + std::to_string(n) + "}"};
}

// The test holds the far ends of two pipes: it writes what the transport reads, and reads what it writes.
class LineTransportTest : public ::testing::Test {
 protected:
  // Asio opens its epoll, eventfd and timerfd descriptors on first use; open them before any fd count.
  LineTransportTest() { asio::steady_timer warm_up(io_); }

  void start(LineTransportOptions options = {}) {
    int to_transport[2];
    int from_transport[2];
    ASSERT_EQ(::pipe2(to_transport, O_CLOEXEC), 0);
    ASSERT_EQ(::pipe2(from_transport, O_CLOEXEC), 0);
    peer_in_.assign(from_transport[0]);
    peer_out_.assign(to_transport[1]);
    Inbound inbound;
    inbound.deliver = [this](jsonrpc::Message m) { delivered_.push_back(std::move(m)); };
    inbound.closed = [this] { ++closed_; };
    inbound.batches_allowed = [this] { return batches_allowed_; };
    options.name = "test";
    transport_ = LineTransport::start(io_.get_executor(), asio::posix::stream_descriptor(io_, to_transport[0]),
                                      asio::posix::stream_descriptor(io_, from_transport[1]), std::move(inbound),
                                      std::move(options));
  }

  // Writes raw bytes as the peer would; asynchronously, as a large write must let the transport read meanwhile.
  void peer_writes(std::string bytes) {
    auto written = run_co(io_, [&]() -> asio::awaitable<std::size_t> {
      co_return co_await asio::async_write(peer_out_, asio::buffer(bytes), asio::use_awaitable);
    }());
    ASSERT_EQ(written, bytes.size());
  }

  // The next line the transport wrote, without its newline; nullopt at EOF or when none comes in time.
  std::optional<std::string> peer_reads_line() {
    auto line = run_co(io_, [&]() -> asio::awaitable<std::optional<std::string>> {
      auto buffer = asio::dynamic_buffer(peer_buffer_);
      auto [ec, n] = co_await asio::async_read_until(peer_in_, buffer, '\n', asio::as_tuple(asio::use_awaitable));
      if (ec) co_return std::nullopt;
      std::string text = peer_buffer_.substr(0, n - 1);
      peer_buffer_.erase(0, n);
      co_return text;
    }());
    return line ? *line : std::nullopt;
  }

  // The single message a reply line holds.
  static jsonrpc::Message decode_one(const std::string& line) {
    auto decoded = jsonrpc::decode(line, {});
    EXPECT_TRUE(decoded.rejects.empty()) << line;
    EXPECT_EQ(decoded.messages.size(), 1u) << line;
    return decoded.messages.empty() ? jsonrpc::Message{} : decoded.messages.front();
  }

  static void expect_error_without_id(const std::optional<std::string>& line, std::int64_t code) {
    ASSERT_TRUE(line);
    const auto message = decode_one(*line);
    ASSERT_TRUE(std::holds_alternative<jsonrpc::Error>(message)) << *line;
    EXPECT_FALSE(std::get<jsonrpc::Error>(message).id);
    EXPECT_EQ(std::get<jsonrpc::Error>(message).code, code) << *line;
  }

  asio::io_context io_;
  asio::posix::stream_descriptor peer_in_{io_};
  asio::posix::stream_descriptor peer_out_{io_};
  std::string peer_buffer_;
  std::unique_ptr<LineTransport> transport_;
  std::vector<jsonrpc::Message> delivered_;
  int closed_ = 0;
  bool batches_allowed_ = false;
};

TEST_F(LineTransportTest, DeliversEachLineAsAMessage) {
  start();
  peer_writes(std::string(ping) + "\n" + std::string(initialized) + "\n");
  ASSERT_TRUE(run_until(io_, [&] { return delivered_.size() == 2; }));
  ASSERT_TRUE(std::holds_alternative<jsonrpc::Request>(delivered_[0]));
  EXPECT_EQ(std::get<jsonrpc::Request>(delivered_[0]).method, "ping");
  ASSERT_TRUE(std::holds_alternative<jsonrpc::Notification>(delivered_[1]));
  EXPECT_EQ(std::get<jsonrpc::Notification>(delivered_[1]).method, "notifications/initialized");
}

TEST_F(LineTransportTest, AcceptsCrlfAndSkipsBlankLines) {
  start();
  peer_writes("\r\n\n   \t\r\n" + std::string(ping) + "\r\n\r\n" + std::string(initialized) + "\r\n");
  ASSERT_TRUE(run_until(io_, [&] { return delivered_.size() == 2; }));
  // Nothing was answered: blank lines are no messages. The ping's reply would be the session's job.
  transport_->close();
  EXPECT_EQ(peer_reads_line(), std::nullopt);
}

TEST_F(LineTransportTest, MalformedJsonGetsAParseErrorReply) {
  start();
  peer_writes("{\"jsonrpc\":\"2.0\",\"method\":\n" + std::string(initialized) + "\n");
  expect_error_without_id(peer_reads_line(), jsonrpc::code::parse_error);
  ASSERT_TRUE(run_until(io_, [&] { return delivered_.size() == 1; }));  // the next line still counts
}

TEST_F(LineTransportTest, AnInvalidRequestKeepsItsIdInTheReply) {
  start();
  peer_writes(R"({"jsonrpc":"2.0","id":"a7","method":42})" "\n");
  const auto line = peer_reads_line();
  ASSERT_TRUE(line);
  const auto reply = decode_one(*line);
  ASSERT_TRUE(std::holds_alternative<jsonrpc::Error>(reply));
  EXPECT_EQ(std::get<jsonrpc::Error>(reply).id, jsonrpc::Id(std::string("a7")));
  EXPECT_EQ(std::get<jsonrpc::Error>(reply).code, jsonrpc::code::invalid_request);
  EXPECT_TRUE(delivered_.empty());
}

TEST_F(LineTransportTest, AnOverlongLineIsRefusedAndTheRestOfItSkipped) {
  LineTransportOptions options;
  options.max_line_bytes = 1024;
  start(options);
  // 300 KiB without a newline: more than the pipe holds, so it arrives over many reads.
  peer_writes(std::string(300 * 1024, 'x') + "\n" + std::string(ping) + "\n");
  const auto line = peer_reads_line();
  expect_error_without_id(line, jsonrpc::code::invalid_request);
  EXPECT_THAT(*line, HasSubstr("1024-byte line limit"));
  ASSERT_TRUE(run_until(io_, [&] { return delivered_.size() == 1; }));
  EXPECT_EQ(std::get<jsonrpc::Request>(delivered_[0]).method, "ping");
}

TEST_F(LineTransportTest, BatchesAreRefusedUnlessTheSessionAllowsThem) {
  start();
  const std::string batch = "[" + std::string(ping) + "," + std::string(initialized) + "]\n";
  peer_writes(batch);
  expect_error_without_id(peer_reads_line(), jsonrpc::code::invalid_request);
  EXPECT_TRUE(delivered_.empty());

  batches_allowed_ = true;  // e.g. once 2025-03-26 has been negotiated
  peer_writes(batch);
  ASSERT_TRUE(run_until(io_, [&] { return delivered_.size() == 2; }));
  EXPECT_TRUE(std::holds_alternative<jsonrpc::Request>(delivered_[0]));
  EXPECT_TRUE(std::holds_alternative<jsonrpc::Notification>(delivered_[1]));
}

TEST_F(LineTransportTest, ManyMessagesKeepTheirOrderBothWays) {
  start();
  constexpr int count = 1000;
  std::string lines;
  for (int i = 0; i < count; ++i) {
    lines += R"({"jsonrpc":"2.0","id":)" + std::to_string(i) + R"(,"method":"tools/list"})" "\n";
  }
  peer_writes(lines);
  ASSERT_TRUE(run_until(io_, [&] { return delivered_.size() == count; }));
  for (int i = 0; i < count; ++i) {
    EXPECT_EQ(std::get<jsonrpc::Request>(delivered_[static_cast<std::size_t>(i)]).id, jsonrpc::Id(std::int64_t{i}));
  }

  for (int i = 0; i < count; ++i) ASSERT_TRUE(transport_->send(notification(i), std::nullopt));
  for (int i = 0; i < count; ++i) {
    const auto line = peer_reads_line();
    ASSERT_TRUE(line);
    EXPECT_EQ(*line, jsonrpc::encode(notification(i)));
  }
}

TEST_F(LineTransportTest, SendIsSafeFromManyThreadsAndKeepsEachThreadsOrder) {
  start();
  constexpr int threads = 4;
  constexpr int per_thread = 250;
  // The writer runs on another thread meanwhile, so sends race with it as they would in the gateway.
  auto work = asio::make_work_guard(io_);
  std::thread runner([&] { io_.run(); });
  std::vector<std::thread> senders;
  for (int t = 0; t < threads; ++t) {
    senders.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        EXPECT_TRUE(transport_->send(jsonrpc::Notification{"t" + std::to_string(t), "{\"i\":" + std::to_string(i) + "}"},
                                     std::nullopt));
      }
    });
  }
  for (auto& sender : senders) sender.join();
  work.reset();
  io_.stop();
  runner.join();
  std::vector<int> next(threads, 0);
  for (int n = 0; n < threads * per_thread; ++n) {
    const auto line = peer_reads_line();
    ASSERT_TRUE(line);
    const auto message = std::get<jsonrpc::Notification>(decode_one(*line));
    const int t = std::stoi(message.method.substr(1));
    EXPECT_EQ(message.params, "{\"i\":" + std::to_string(next[static_cast<std::size_t>(t)]++) + "}");
  }
}

TEST_F(LineTransportTest, NewlinesInsideEmbeddedJsonDoNotBreakTheFraming) {
  start();
  ASSERT_TRUE(transport_->send(jsonrpc::Result{std::int64_t{1}, "{\n  \"tools\": []\n}"}, std::nullopt));
  const auto line = peer_reads_line();
  ASSERT_TRUE(line);
  const auto reply = decode_one(*line);
  ASSERT_TRUE(std::holds_alternative<jsonrpc::Result>(reply));
}

TEST_F(LineTransportTest, EndOfInputReportsClosedOnce) {
  start();
  peer_writes(std::string(ping));  // no newline: the last line still counts at EOF
  peer_out_.close();
  ASSERT_TRUE(run_until(io_, [&] { return closed_ == 1; }));
  ASSERT_EQ(delivered_.size(), 1u);
  transport_->close();
  EXPECT_EQ(peer_reads_line(), std::nullopt);  // the output closed too
  EXPECT_EQ(closed_, 1);
}

TEST_F(LineTransportTest, CloseDrainsQueuedMessagesThenClosesTheOutput) {
  start();
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(transport_->send(notification(i), std::nullopt));
  transport_->close();
  EXPECT_FALSE(transport_->send(notification(3), std::nullopt));
  for (int i = 0; i < 3; ++i) EXPECT_EQ(peer_reads_line(), jsonrpc::encode(notification(i)));
  EXPECT_EQ(peer_reads_line(), std::nullopt);
  EXPECT_TRUE(run_until(io_, [&] { return closed_ == 1; }));
  EXPECT_FALSE(transport_->failure());
}

TEST_F(LineTransportTest, APeerThatStopsReadingGetsDisconnectedNotBuffered) {
  LineTransportOptions options;
  options.max_queued_bytes = 64 * 1024;
  start(options);
  const jsonrpc::Message big = jsonrpc::Notification{"notifications/message", "{\"data\":\"" + std::string(1000, 'z') + "\"}"};
  int accepted = 0;
  while (transport_->send(big, std::nullopt)) {
    ++accepted;
    io_.poll();  // the writer fills the pipe, then waits on it
    ASSERT_LT(accepted, 1000) << "the queue never filled up";
  }
  // Bounded by the pipe's buffer plus the queue cap.
  EXPECT_LT(accepted * 1000, 2 * 1024 * 1024);
  EXPECT_TRUE(run_until(io_, [&] { return closed_ == 1; }));
  ASSERT_TRUE(transport_->failure());
  EXPECT_THAT(*transport_->failure(), HasSubstr("stopped reading"));
}

TEST_F(LineTransportTest, AWriteErrorClosesTheTransport) {
  start();
  peer_in_.close();  // the peer went away: writes fail with EPIPE (SIGPIPE is ignored)
  EXPECT_TRUE(transport_->send(notification(1), std::nullopt));
  EXPECT_TRUE(run_until(io_, [&] { return closed_ == 1; }));
  ASSERT_TRUE(transport_->failure());
  EXPECT_THAT(*transport_->failure(), HasSubstr("write failed"));
  EXPECT_FALSE(transport_->send(notification(2), std::nullopt));
}

TEST_F(LineTransportTest, NoDescriptorOutlivesTheTransport) {
  const std::size_t fds_before = test::open_fd_count();
  start();
  peer_writes(std::string(ping) + "\n");
  ASSERT_TRUE(transport_->send(notification(1), std::nullopt));
  transport_.reset();  // closes
  EXPECT_EQ(peer_reads_line(), jsonrpc::encode(notification(1)));
  EXPECT_EQ(peer_reads_line(), std::nullopt);
  boost::system::error_code ignored;
  peer_in_.close(ignored);
  peer_out_.close(ignored);
  EXPECT_TRUE(test::run_to_quiescence(io_));
  EXPECT_EQ(closed_, 1);
  EXPECT_EQ(test::open_fd_count(), fds_before);
}

}  // namespace
}  // namespace toolgate::mcp
