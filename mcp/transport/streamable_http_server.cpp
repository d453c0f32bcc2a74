#include "mcp/transport/streamable_http_server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>

#include "mcp/transport/http_exchange.hpp"
#include "mcp/transport/session_id.hpp"
#include "mcp/transport/sse_frames.hpp"
#include "mcp/transport/streamable_http_state.hpp"

namespace toolgate::mcp {

namespace asio = boost::asio;
using State = StreamableHttpEndpoint::State;

namespace {

// Checks often enough that a session outlives its idle timeout by at most a quarter of it.
std::chrono::milliseconds sweep_period(std::chrono::milliseconds idle) {
  return std::clamp(idle / 4, std::chrono::milliseconds(10), std::chrono::milliseconds(5'000));
}

asio::awaitable<void> sweep(std::weak_ptr<State> weak, std::chrono::milliseconds period,
                            std::shared_ptr<asio::cancellation_signal> /*keeps the bound slot's signal alive*/) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (;;) {
    timer.expires_after(period);
    auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    auto state = weak.lock();
    if (!state || state->stopped.load()) co_return;
    state->expire_idle();
  }
}

asio::awaitable<void> handle_get(std::shared_ptr<State> state, const net::Request& request, net::ResponseWriter& writer) {
  const bool keep = request.keep_alive();
  auto found = state->session_for(request);
  if (auto* refusal = std::get_if<net::Response>(&found)) {
    auto reply = send_response(writer, std::move(*refusal));
    co_await std::move(reply);
    co_return;
  }
  auto session = std::get<0>(std::move(found));
  SessionUse use(session);

  HttpSessionTransport::StreamKey key = HttpSessionTransport::kStandalone;
  std::optional<std::uint64_t> after;
  if (auto last = header_value(request, kLastEventIdHeader); last && !last->empty()) {
    auto position = parse_event_id(*last);
    if (!position) {
      const std::string message =
          "Bad Request: Last-Event-ID \"" + std::string(*last) + "\" is not an event id of this server";
      auto reply = send_response(writer, json_rpc_error_response(400, -32000, message, keep));
      co_await std::move(reply);
      co_return;
    }
    key = position->stream;
    after = position->seq;
  }
  // A client resuming a stream knows its old connection is dead, so it takes the stream over; a second
  // plain GET while the standalone stream is open is a conflict, as in the TypeScript SDK.
  const bool resuming = after.has_value();
  auto executor = co_await asio::this_coro::executor;
  auto attached = session->transport->attach(key, after, resuming, executor);
  if (auto* error = std::get_if<HttpSessionTransport::AttachError>(&attached)) {
    std::string message;
    unsigned status = 400;
    if (*error == HttpSessionTransport::AttachError::busy) {
      status = 409;
      message = "Conflict: Only one SSE stream is allowed per session";
    } else if (*error == HttpSessionTransport::AttachError::closed) {
      status = 404;
      message = "Session not found";
    } else {
      message = "Bad Request: the stream of Last-Event-ID \"" + std::string(*header_value(request, kLastEventIdHeader)) +
                "\" is no longer available";
    }
    auto reply = send_response(writer, json_rpc_error_response(status, status == 404 ? -32001 : -32000, message, keep));
    co_await std::move(reply);
    co_return;
  }
  auto reader = std::get<0>(std::move(attached));
  const bool priming = !resuming && session->server->phase() != ServerSession::Phase::fresh &&
                       primes_streams(session->server->revision());
  co_await write_stream(*state, *session, *reader, writer, priming);
}

asio::awaitable<void> handle_delete(std::shared_ptr<State> state, const net::Request& request,
                                    net::ResponseWriter& writer) {
  auto found = state->session_for(request);
  if (auto* refusal = std::get_if<net::Response>(&found)) {
    auto reply = send_response(writer, std::move(*refusal));
    co_await std::move(reply);
    co_return;
  }
  auto session = std::get<0>(std::move(found));
  if (auto removed = state->sessions.erase(session->id)) State::close_session(removed);
  auto reply = send_response(writer, empty_response(200, request.keep_alive()));
  co_await std::move(reply);
}

asio::awaitable<void> serve(std::shared_ptr<State> state, const net::Request& request, net::ResponseWriter& writer) {
  const bool keep = request.keep_alive();
  if (auto rejection = check_http_request(request_headers(request, state->options.loopback_bind))) {
    auto reply = send_response(writer, rejection_response(*rejection, keep));
    co_await std::move(reply);
    co_return;
  }
  if (state->stopped.load()) {
    auto reply = send_response(writer, json_rpc_error_response(503, -32000, "Service Unavailable: shutting down", keep));
    co_await std::move(reply);
    co_return;
  }
  switch (request.method()) {
    case net::http::verb::post: {
      auto op = handle_post(state, request, writer);
      co_await std::move(op);
      break;
    }
    case net::http::verb::get: {
      auto op = handle_get(state, request, writer);
      co_await std::move(op);
      break;
    }
    default: {
      auto op = handle_delete(state, request, writer);
      co_await std::move(op);
      break;
    }
  }
}

}  // namespace

asio::awaitable<void> send_response(net::ResponseWriter& writer, net::Response response) {
  auto op = writer.send(std::move(response));
  co_await std::move(op);
}

asio::awaitable<bool> write_stream(const State& state, const HttpSession& session, StreamReader& reader,
                                   net::ResponseWriter& writer, bool priming) {
  const std::string first = priming ? priming_frame(reader.priming_id(), state.options.retry_ms) : std::string();
  auto header = sse_header(session.id);
  auto start = writer.start_stream(std::move(header), first);
  if (!co_await std::move(start)) {
    reader.finish();
    co_return false;
  }
  auto pump = pump_sse(writer, reader.waker(), state.options.keep_alive, [&reader] { return reader.pull(); },
                       [&reader] { reader.written(); });
  const PumpEnd end = co_await std::move(pump);
  reader.finish();
  co_return end == PumpEnd::ended;
}

State::State(asio::any_io_executor ex, StreamableHttpOptions opts, ServerHandlerFactory make_handler)
    : executor(std::move(ex)),
      options(std::move(opts)),
      factory(std::move(make_handler)),
      sessions(options.max_sessions),
      sweep_strand(asio::make_strand(executor)),
      sweep_stop(std::make_shared<asio::cancellation_signal>()) {}

std::variant<std::shared_ptr<HttpSession>, net::Response> State::create_session(bool keep_alive) {
  auto id = new_session_id();
  std::unique_ptr<ServerHandler> handler = factory ? factory() : nullptr;
  if (!id || !handler) {
    return json_rpc_error_response(500, -32603, "Internal error: cannot create a session", keep_alive);
  }
  auto session = std::make_shared<HttpSession>();
  session->id = std::move(*id);
  session->transport = std::make_shared<HttpSessionTransport>(
      HttpSessionTransport::Limits{options.replay_events, options.retained_streams});
  session->server = ServerSession::create(Peer::create(executor), std::move(handler));
  if (sessions.size() >= sessions.capacity()) expire_idle();  // make room from expired sessions first
  if (!sessions.insert(session)) {
    const std::string message = "Service Unavailable: the server already holds its maximum of " +
                                std::to_string(sessions.capacity()) + " MCP sessions; retry later";
    return json_rpc_error_response(503, -32000, message, keep_alive);
  }
  session->server->start(session->transport);
  return session;
}

std::variant<std::shared_ptr<HttpSession>, net::Response> State::session_for(const net::Request& request) {
  const bool keep = request.keep_alive();
  auto id = header_value(request, kSessionIdHeader);
  if (!id || id->empty()) {
    return json_rpc_error_response(400, -32000, "Bad Request: Mcp-Session-Id header is required", keep);
  }
  auto session = sessions.find(*id);
  if (!session || session->transport->closed()) {
    return json_rpc_error_response(404, -32001, "Session not found", keep);
  }
  // The header's value was checked against the supported set (400) by check_http_request. A supported
  // value other than the negotiated one is let through, as the TypeScript SDK does: real clients (the
  // conformance suite's among them) send a default there, and the session keeps its negotiated rules.
  return session;
}

void State::close_session(const std::shared_ptr<HttpSession>& session) {
  session->transport->close();  // ends open streams now, not after the peer's strand gets to it
  session->server->close();
}

void State::expire_idle() {
  const auto now = HttpSession::Clock::now();
  const auto timeout = options.session_idle_timeout;
  auto expired = sessions.erase_if(
      [&](const HttpSession& s) { return s.transport->closed() || s.idle(now, timeout); });
  for (const auto& session : expired) close_session(session);
}

StreamableHttpEndpoint::StreamableHttpEndpoint(asio::any_io_executor executor, StreamableHttpOptions options,
                                               ServerHandlerFactory factory)
    : state_(std::make_shared<State>(std::move(executor), std::move(options), std::move(factory))) {
  asio::co_spawn(state_->sweep_strand,
                 sweep(state_, sweep_period(state_->options.session_idle_timeout), state_->sweep_stop),
                 asio::bind_cancellation_slot(state_->sweep_stop->slot(), asio::detached));
}

StreamableHttpEndpoint::~StreamableHttpEndpoint() { shutdown(); }

asio::awaitable<void> StreamableHttpEndpoint::handle(const net::Request& request, net::ResponseWriter& writer) {
  return serve(state_, request, writer);
}

void StreamableHttpEndpoint::shutdown() {
  if (state_->stopped.exchange(true)) return;
  asio::post(state_->sweep_strand, [stop = state_->sweep_stop] { stop->emit(asio::cancellation_type::terminal); });
  for (const auto& session : state_->sessions.erase_if([](const HttpSession&) { return true; })) {
    State::close_session(session);
  }
}

std::size_t StreamableHttpEndpoint::session_count() const { return state_->sessions.size(); }

}  // namespace toolgate::mcp
