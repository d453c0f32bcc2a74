// HTTP server: listener, accept loop, session registry and graceful shutdown.
#include "net/http_server.hpp"

#include "net/server_session.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <iostream>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace toolgate::net {

namespace asio = boost::asio;
using boost::system::error_code;
using tcp = asio::ip::tcp;

struct HttpServer::State : std::enable_shared_from_this<HttpServer::State> {
  State(asio::io_context& io, std::shared_ptr<const SessionConfig> cfg)
      : ioc(io), config(std::move(cfg)), strand(asio::make_strand(io)), acceptor(strand), grace_timer(strand) {}

  asio::awaitable<void> accept_loop();
  void session_ended(const std::shared_ptr<SessionControl>& control);
  void begin_shutdown(std::chrono::milliseconds grace, std::function<void()> done);
  std::vector<std::shared_ptr<SessionControl>> snapshot();
  void finish_if_idle();  // call with mutex held

  asio::io_context& ioc;
  std::shared_ptr<const SessionConfig> config;
  asio::strand<asio::io_context::executor_type> strand;  // acceptor, grace timer and on_done live here
  tcp::acceptor acceptor;
  asio::steady_timer grace_timer;

  mutable std::mutex mutex;  // guards the fields below
  std::unordered_map<SessionControl*, std::shared_ptr<SessionControl>> sessions;
  bool shutting_down = false;
  bool done_posted = false;
  std::function<void()> on_done;
};

asio::awaitable<void> HttpServer::State::accept_loop() {
  auto self = shared_from_this();
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc), asio::as_tuple(asio::use_awaitable));
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) {
        co_return;
      }
      // Out of descriptors or a transient network error: back off briefly instead of spinning.
      std::cerr << "toolgate: accept failed: " << ec.message() << "\n";
      asio::steady_timer pause(strand, std::chrono::milliseconds(50));
      co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
      continue;
    }
    auto session_ex = socket.get_executor();
    auto control = std::make_shared<SessionControl>(session_ex);
    {
      std::lock_guard lock(mutex);
      if (shutting_down) {
        continue;  // the socket closes as it goes out of scope
      }
      sessions.emplace(control.get(), control);
    }
    asio::co_spawn(session_ex, run_session(std::move(socket), config, control),
                   asio::bind_cancellation_slot(control->signal.slot(), [self, control](std::exception_ptr) {
                     self->session_ended(control);
                   }));
  }
}

void HttpServer::State::session_ended(const std::shared_ptr<SessionControl>& control) {
  std::lock_guard lock(mutex);
  sessions.erase(control.get());
  finish_if_idle();
}

void HttpServer::State::finish_if_idle() {
  if (!shutting_down || done_posted || !sessions.empty()) {
    return;
  }
  done_posted = true;
  asio::post(strand, [self = shared_from_this()] {
    self->grace_timer.cancel();
    if (self->on_done) {
      self->on_done();
    }
  });
}

std::vector<std::shared_ptr<SessionControl>> HttpServer::State::snapshot() {
  std::lock_guard lock(mutex);
  std::vector<std::shared_ptr<SessionControl>> out;
  out.reserve(sessions.size());
  for (const auto& [ptr, control] : sessions) {
    out.push_back(control);
  }
  return out;
}

void HttpServer::State::begin_shutdown(std::chrono::milliseconds grace, std::function<void()> done) {
  {
    std::lock_guard lock(mutex);
    if (shutting_down) {
      return;
    }
    shutting_down = true;
    on_done = std::move(done);
  }
  error_code ec;
  acceptor.close(ec);
  for (auto& control : snapshot()) {
    asio::post(control->strand, [control] { control->begin_drain(); });
  }
  grace_timer.expires_after(grace);
  grace_timer.async_wait([self = shared_from_this()](error_code wait_ec) {
    if (wait_ec) {
      return;
    }
    for (auto& control : self->snapshot()) {
      asio::post(control->strand, [control] { control->force_close(); });
    }
  });
  std::lock_guard lock(mutex);
  finish_if_idle();
}

HttpServer::HttpServer(asio::io_context& ioc, ServerOptions options, Handler handler, ErrorResponder on_error)
    : state_(std::make_shared<State>(
          ioc, std::make_shared<const SessionConfig>(
                   SessionConfig{std::move(options), std::move(handler), std::move(on_error)}))) {}

HttpServer::HttpServer(asio::io_context& ioc, ServerOptions options, Handler handler, PlainErrorResponder on_error)
    : HttpServer(ioc, std::move(options), std::move(handler),
                 [plain = std::move(on_error)](http::status status, std::string message, std::string_view) {
                   return plain(status, std::move(message));
                 }) {}

HttpServer::~HttpServer() {
  // Sessions keep the state alive; stop accepting so no new ones start without an owner.
  asio::post(state_->strand, [state = state_] {
    error_code ec;
    state->acceptor.close(ec);
  });
}

boost::system::result<tcp::endpoint> HttpServer::listen() {
  const ServerOptions& options = state_->config->options;
  error_code ec;
  tcp::endpoint endpoint;
  const auto address = asio::ip::make_address(options.host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, options.port);
  } else {
    tcp::resolver resolver(state_->ioc);
    auto results = resolver.resolve(options.host, std::to_string(options.port), tcp::resolver::passive, ec);
    if (ec) {
      return ec;
    }
    if (results.empty()) {
      return error_code(asio::error::host_not_found);
    }
    endpoint = results.begin()->endpoint();
  }
  tcp::acceptor& acceptor = state_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) {
    acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  }
  if (!ec) {
    acceptor.bind(endpoint, ec);
  }
  if (!ec) {
    acceptor.listen(asio::socket_base::max_listen_connections, ec);
  }
  if (ec) {
    error_code ignored;
    acceptor.close(ignored);
    return ec;
  }
  return acceptor.local_endpoint(ec);
}

void HttpServer::start() {
  asio::co_spawn(state_->strand, state_->accept_loop(), asio::detached);
}

void HttpServer::shutdown(std::chrono::milliseconds grace, std::function<void()> on_done) {
  asio::post(state_->strand, [state = state_, grace, done = std::move(on_done)]() mutable {
    state->begin_shutdown(grace, std::move(done));
  });
}

std::size_t HttpServer::active_sessions() const {
  std::lock_guard lock(state_->mutex);
  return state_->sessions.size();
}

}  // namespace toolgate::net
