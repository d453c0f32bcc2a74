// One server connection: the keep-alive request loop run as a coroutine on the connection's strand.
// Internal to net/; HttpServer owns the registry of SessionControl blocks used for shutdown.
#pragma once

#include "net/http_server.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <memory>

namespace toolgate::net {

struct SessionConfig {
  ServerOptions options;
  Handler handler;
  ErrorResponder on_error;
};

// Shared by a session and the server's registry. Every field except `strand` is touched only on `strand`.
struct SessionControl {
  enum class Phase { idle, reading, busy, closed };

  explicit SessionControl(boost::asio::any_io_executor ex) : strand(std::move(ex)) {}

  // Shutdown step 1: no more requests; an idle connection closes now, a busy one after its response.
  void begin_drain();
  // Shutdown step 2 (grace expired): cancel the handler's pending work and break the connection.
  void force_close();

  boost::asio::any_io_executor strand;
  boost::asio::cancellation_signal signal;
  boost::asio::ip::tcp::socket* socket = nullptr;  // set while the session runs
  Phase phase = Phase::idle;
  bool draining = false;
  bool cancelled = false;
};

boost::asio::awaitable<void> run_session(boost::asio::ip::tcp::socket socket, std::shared_ptr<const SessionConfig> config,
                                         std::shared_ptr<SessionControl> control);

}  // namespace toolgate::net
