// `toolgate stdio`'s transport: MCP over our own stdin and stdout (or any other fd pair), one message per line.
// The fds are duplicated, so closing the transport leaves the process's own 0 and 1 open and blocking.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/system/result.hpp>

#include <memory>

#include "mcp/session/inbound.hpp"
#include "mcp/transport/line_transport.hpp"

namespace toolgate::mcp {

// Reads `in_fd`, writes `out_fd`, through duplicates. Pipes, sockets, terminals, regular files and /dev/null
// all work; a terminal is reopened rather than duplicated so that the non-blocking mode Asio sets stays off
// the shell that shares it. Fails (EBADF and the like) when an fd is not open.
boost::system::result<std::unique_ptr<LineTransport>> make_fd_transport(boost::asio::any_io_executor ex, int in_fd,
                                                                        int out_fd, Inbound inbound,
                                                                        LineTransportOptions options = {});

// make_fd_transport over fds 0 and 1, named "stdio" in logs unless options say otherwise.
boost::system::result<std::unique_ptr<LineTransport>> make_stdio_transport(boost::asio::any_io_executor ex,
                                                                           Inbound inbound,
                                                                           LineTransportOptions options = {});

}  // namespace toolgate::mcp
