#include "mcp/transport/stdio_transport.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <string>

namespace toolgate::mcp {

namespace asio = boost::asio;
using boost::system::error_code;

namespace {

error_code last_error() { return {errno, boost::system::system_category()}; }

// O_NONBLOCK lives on the open file description, which dup() shares: on a terminal that would leave the
// user's shell with a non-blocking tty after we exit. Reopening the terminal gives a description of our own.
boost::system::result<int> private_fd(int fd, int access) {
  if (::isatty(fd) == 1) {
    const std::string path = "/proc/self/fd/" + std::to_string(fd);
    if (const int reopened = ::open(path.c_str(), access | O_CLOEXEC | O_NOCTTY); reopened >= 0) return reopened;
  }
  const int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
  if (copy < 0) return last_error();
  return copy;
}

boost::system::result<asio::posix::stream_descriptor> adopt(const asio::any_io_executor& ex, int fd, int access) {
  auto copy = private_fd(fd, access);
  if (!copy) return copy.error();
  asio::posix::stream_descriptor descriptor(ex);
  error_code ec;
  descriptor.assign(*copy, ec);
  if (ec) {
    ::close(*copy);
    return ec;
  }
  return descriptor;
}

}  // namespace

boost::system::result<std::unique_ptr<LineTransport>> make_fd_transport(asio::any_io_executor ex, int in_fd,
                                                                        int out_fd, Inbound inbound,
                                                                        LineTransportOptions options) {
  auto input = adopt(ex, in_fd, O_RDONLY);
  if (!input) return input.error();
  auto output = adopt(ex, out_fd, O_WRONLY);
  if (!output) return output.error();
  return LineTransport::start(std::move(ex), std::move(*input), std::move(*output), std::move(inbound),
                              std::move(options));
}

boost::system::result<std::unique_ptr<LineTransport>> make_stdio_transport(asio::any_io_executor ex,
                                                                           Inbound inbound,
                                                                           LineTransportOptions options) {
  if (options.name.empty()) options.name = "stdio";
  return make_fd_transport(std::move(ex), STDIN_FILENO, STDOUT_FILENO, std::move(inbound), std::move(options));
}

}  // namespace toolgate::mcp
