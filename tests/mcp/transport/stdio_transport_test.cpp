#include "mcp/transport/stdio_transport.hpp"

#include "tests/support/run_until.hpp"

#include <boost/asio/steady_timer.hpp>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace toolgate::mcp {
namespace {

namespace asio = boost::asio;
using test::run_until;
using testing::HasSubstr;

// A regular file in the test's temporary directory, removed afterwards.
class TempFile {
 public:
  explicit TempFile(const std::string& content) {
    path_ = std::filesystem::temp_directory_path() /
            ("toolgate_stdio_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
    std::ofstream(path_) << content;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  int open(int flags) const { return ::open(path_.c_str(), flags | O_CLOEXEC); }
  std::string read() const {
    std::ifstream in(path_);
    std::stringstream out;
    out << in.rdbuf();
    return out.str();
  }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

// Regular files and /dev/null are refused by epoll; these run `toolgate stdio < requests > replies` style.
class StdioTransportTest : public ::testing::Test {
 protected:
  // Asio opens its epoll, eventfd and timerfd descriptors on first use; open them before any fd count.
  StdioTransportTest() { asio::steady_timer warm_up(io_); }

  Inbound inbound() {
    Inbound in;
    in.deliver = [this](jsonrpc::Message m) { delivered_.push_back(std::move(m)); };
    in.closed = [this] { ++closed_; };
    in.batches_allowed = [] { return false; };
    return in;
  }

  asio::io_context io_;
  std::vector<jsonrpc::Message> delivered_;
  int closed_ = 0;
};

TEST_F(StdioTransportTest, DevNullInputEndsAtOnce) {
  const int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  ASSERT_GE(null_fd, 0);
  auto transport = make_fd_transport(io_.get_executor(), null_fd, null_fd, inbound());
  ASSERT_TRUE(transport) << transport.error().message();
  ASSERT_TRUE(run_until(io_, [&] { return closed_ == 1; }));
  EXPECT_TRUE(delivered_.empty());
  EXPECT_TRUE((*transport)->send(jsonrpc::Notification{"notifications/initialized", std::nullopt}, std::nullopt));
  ::close(null_fd);
}

TEST_F(StdioTransportTest, FileInputIsReadAndRepliesGoToAFile) {
  const std::size_t fds_before = test::open_fd_count();
  TempFile requests(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{}})" "\n"
                    "not json\n"
                    R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  TempFile replies("");
  const int in_fd = requests.open(O_RDONLY);
  const int out_fd = replies.open(O_WRONLY | O_TRUNC);
  {
    auto transport = make_fd_transport(io_.get_executor(), in_fd, out_fd, inbound());
    ::close(in_fd);  // the transport holds duplicates
    ::close(out_fd);
    ASSERT_TRUE(transport) << transport.error().message();
    ASSERT_TRUE(run_until(io_, [&] { return closed_ == 1; }));
    ASSERT_EQ(delivered_.size(), 2u);
    EXPECT_EQ(std::get<jsonrpc::Request>(delivered_[0]).method, "initialize");
    EXPECT_EQ(std::get<jsonrpc::Notification>(delivered_[1]).method, "notifications/initialized");
    EXPECT_TRUE((*transport)->send(jsonrpc::Result{std::int64_t{1}, "{}"}, std::nullopt));
  }
  EXPECT_TRUE(test::run_to_quiescence(io_));
  const std::string written = replies.read();
  EXPECT_THAT(written, HasSubstr("\"code\":-32700"));
  EXPECT_THAT(written, HasSubstr(R"({"jsonrpc":"2.0","id":1,"result":{}})" "\n"));
  EXPECT_EQ(std::count(written.begin(), written.end(), '\n'), 2);
  EXPECT_EQ(test::open_fd_count(), fds_before);
}

TEST_F(StdioTransportTest, AClosedDescriptorIsAnError) {
  const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ::close(fd);
  auto transport = make_fd_transport(io_.get_executor(), fd, fd, inbound());
  ASSERT_FALSE(transport);
  EXPECT_EQ(transport.error(), boost::system::errc::bad_file_descriptor);
}

}  // namespace
}  // namespace toolgate::mcp
