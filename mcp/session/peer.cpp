#include "mcp/session/peer.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/channel.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "mcp/session/progress_token.hpp"

namespace toolgate::mcp {

namespace asio = boost::asio;
using namespace boost::asio::experimental::awaitable_operators;
using Clock = std::chrono::steady_clock;

struct Peer::Pending {
  explicit Pending(const asio::any_io_executor& ex) : reply(ex, 1) {}
  asio::experimental::channel<void(boost::system::error_code, Reply)> reply;
  std::function<void(const std::string&)> on_progress;
  std::chrono::milliseconds timeout{0};
  Clock::time_point deadline;
  std::optional<std::string> token;
};

struct Peer::Running {
  asio::cancellation_signal signal;
  bool cancelled = false;
};

namespace {

std::string id_json(const jsonrpc::Id& id) {
  if (const auto* number = std::get_if<std::int64_t>(&id)) return std::to_string(*number);
  return boost::json::serialize(boost::json::string(std::get<std::string>(id)));
}

std::string cancelled_params(const jsonrpc::Id& id, std::string_view reason) {
  std::string out = "{\"requestId\":";
  out.append(id_json(id));
  out.append(",\"reason\":");
  out.append(boost::json::serialize(boost::json::string(reason)));
  out.push_back('}');
  return out;
}

}  // namespace

RequestContext::RequestContext(std::shared_ptr<Peer> peer, jsonrpc::Request request)
    : peer_(std::move(peer)), request_(std::move(request)), progress_token_(read_progress_token(request_.params)) {}

void RequestContext::notify(std::string method, std::optional<std::string> params) const {
  peer_->notify(std::move(method), std::move(params), request_.id);
}

asio::awaitable<Reply> RequestContext::call(std::string method, std::optional<std::string> params,
                                            CallOptions options) const {
  options.related = request_.id;
  co_return co_await peer_->call(std::move(method), std::move(params), std::move(options));
}

std::shared_ptr<Peer> Peer::create(asio::any_io_executor ex) {
  return std::shared_ptr<Peer>(new Peer(std::move(ex)));
}

Peer::Peer(asio::any_io_executor ex)
    : strand_(asio::make_strand(std::move(ex))), closed_flag_(std::make_shared<std::atomic<bool>>(false)) {}

Peer::~Peer() = default;

void Peer::attach(std::shared_ptr<Transport> transport, PeerHandlers handlers) {
  transport_ = std::move(transport);
  handlers_ = std::move(handlers);
}

Inbound Peer::inbound() {
  std::weak_ptr<Peer> weak = weak_from_this();
  return Inbound{
      [weak](jsonrpc::Message message) {
        if (auto peer = weak.lock()) peer->deliver(std::move(message));
      },
      [weak] {
        if (auto peer = weak.lock()) peer->transport_closed();
      },
      [weak] {
        auto peer = weak.lock();
        return peer && peer->batches_allowed();
      }};
}

void Peer::deliver(jsonrpc::Message message) {
  asio::post(strand_, [self = shared_from_this(), message = std::move(message)]() mutable {
    self->on_message(std::move(message));
  });
}

void Peer::transport_closed() { close(); }

void Peer::close() {
  asio::post(strand_, [self = shared_from_this()] { self->close_on_strand(); });
}

bool Peer::send(jsonrpc::Message message, std::optional<jsonrpc::Id> related) {
  if (closed_flag_->load() || !transport_) return false;
  return transport_->send(std::move(message), std::move(related));
}

void Peer::notify(std::string method, std::optional<std::string> params, std::optional<jsonrpc::Id> related) {
  send(jsonrpc::Notification{std::move(method), std::move(params)}, std::move(related));
}

asio::awaitable<Reply> Peer::call(std::string method, std::optional<std::string> params, CallOptions options) {
  auto self = shared_from_this();
  auto op = asio::co_spawn(strand_, self->call_on_strand(std::move(method), std::move(params), std::move(options)),
                           asio::use_awaitable);
  co_return co_await std::move(op);
}

asio::awaitable<Reply> Peer::call_on_strand(std::string method, std::optional<std::string> params,
                                            CallOptions options) {
  if (closed_flag_->load()) co_return Reply::error(local_code::connection_closed, "connection closed");
  const jsonrpc::Id id = next_id_++;
  auto pending = std::make_shared<Pending>(strand_);
  pending->timeout = options.timeout;
  pending->deadline = Clock::now() + options.timeout;
  const auto hard_deadline = Clock::now() + options.max_total;
  if (options.on_progress) {
    pending->on_progress = std::move(options.on_progress);
    pending->token = id_json(id);
    progress_tokens_[*pending->token] = id;
    params = with_progress_token(params, *pending->token);
  }
  pending_[id] = pending;
  auto forget = [&] {
    pending_.erase(id);
    if (pending->token) progress_tokens_.erase(*pending->token);
  };
  if (!send(jsonrpc::Request{id, method, std::move(params)}, options.related)) {
    forget();
    co_return Reply::error(local_code::connection_closed, "connection closed");
  }

  asio::steady_timer timer(strand_);
  for (;;) {
    timer.expires_at(std::min(pending->deadline, hard_deadline));
    auto outcome = co_await (pending->reply.async_receive(asio::as_tuple(asio::use_awaitable)) ||
                             timer.async_wait(asio::as_tuple(asio::use_awaitable)));
    if (outcome.index() == 0) {
      auto [ec, reply] = std::get<0>(std::move(outcome));
      forget();
      if (!ec) co_return std::move(reply);
      break;  // the receive was cancelled: the caller gave up
    }
    auto [ec] = std::get<1>(outcome);
    if (ec) break;  // cancelled by the caller
    const auto now = Clock::now();
    if (now < pending->deadline && now < hard_deadline) continue;  // progress moved the deadline
    forget();
    const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(
        now >= hard_deadline ? options.max_total : options.timeout);
    std::string reason = "request '" + method + "' timed out after " + std::to_string(waited.count()) + " ms";
    notify("notifications/cancelled", cancelled_params(id, reason), options.related);
    co_return Reply::error(local_code::request_timeout, std::move(reason));
  }
  forget();
  if (!closed_flag_->load()) {
    notify("notifications/cancelled", cancelled_params(id, "the caller cancelled the request"), options.related);
  }
  co_return Reply::error(local_code::connection_closed, "request '" + method + "' was cancelled");
}

void Peer::on_message(jsonrpc::Message message) {
  if (closed_flag_->load()) return;
  std::visit(
      [this](auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, jsonrpc::Request>) {
          on_request(std::move(m));
        } else if constexpr (std::is_same_v<T, jsonrpc::Notification>) {
          if (m.method == "notifications/cancelled") {
            on_cancelled(m.params.value_or("{}"));
          } else if (m.method == "notifications/progress") {
            // Progress for a token of ours feeds that call; any other is the owner's business.
            if (!on_progress(m.params.value_or("{}")) && handlers_.on_notification) handlers_.on_notification(m);
          } else if (handlers_.on_notification) {
            handlers_.on_notification(m);
          }
        } else if constexpr (std::is_same_v<T, jsonrpc::Result>) {
          on_reply(m.id, Reply::result(std::move(m.result)));
        } else {
          // An error without an id answers a message the peer could not read; nothing of ours waits on it.
          if (m.id) on_reply(*m.id, Reply::error(m.code, std::move(m.message), std::move(m.data)));
        }
      },
      message);
}

void Peer::on_request(jsonrpc::Request request) {
  if (running_.count(request.id)) {
    send(jsonrpc::Error{request.id, jsonrpc::code::invalid_request,
                        "request id " + id_json(request.id) + " is already in use by a request in progress",
                        std::nullopt},
         request.id);
    return;
  }
  auto running = std::make_shared<Running>();
  running_[request.id] = running;
  auto context = std::make_shared<RequestContext>(shared_from_this(), std::move(request));
  // The completion handler owns the Running entry, so the signal the coroutine's slot points at lives
  // until the coroutine has finished, even after serve() drops the entry from running_.
  auto slot = running->signal.slot();
  asio::co_spawn(strand_, serve(std::move(context)),
                 asio::bind_cancellation_slot(slot, [running](std::exception_ptr) {}));
}

asio::awaitable<void> Peer::serve(std::shared_ptr<RequestContext> context) {
  std::optional<Reply> reply;
  try {
    // A copy, because close() drops handlers_ while this request may still run: a coroutine lambda's
    // captures live in the function object that started it.
    if (auto handler = handlers_.on_request) {
      reply = co_await handler(*context);
    } else {
      reply = Reply::error(jsonrpc::code::method_not_found, "method '" + context->method() + "' is not supported");
    }
  } catch (const boost::system::system_error&) {
    // Only cancellation throws here; a cancelled request gets no response.
  } catch (const std::exception& e) {
    reply = Reply::error(jsonrpc::code::internal_error, e.what());
  }
  auto it = running_.find(context->id());
  const bool cancelled = it == running_.end() || it->second->cancelled;
  if (it != running_.end()) running_.erase(it);
  if (cancelled || !reply) co_return;
  if (reply->ok()) {
    send(jsonrpc::Result{context->id(), std::move(std::get<0>(reply->outcome))}, context->id());
  } else {
    auto& error = std::get<1>(reply->outcome);
    send(jsonrpc::Error{context->id(), error.code, std::move(error.message), std::move(error.data)}, context->id());
  }
}

void Peer::on_reply(const jsonrpc::Id& id, Reply reply) {
  auto it = pending_.find(id);
  if (it == pending_.end()) return;  // late reply to a request we gave up on
  it->second->reply.try_send(boost::system::error_code{}, std::move(reply));
}

void Peer::on_cancelled(const std::string& params) {
  boost::system::error_code ec;
  auto value = boost::json::parse(params, ec);
  if (ec || !value.is_object()) return;
  const auto* id_value = value.as_object().if_contains("requestId");
  if (!id_value) return;
  jsonrpc::Id id;
  if (id_value->is_int64()) {
    id = id_value->as_int64();
  } else if (id_value->is_string()) {
    id = std::string(id_value->as_string());
  } else {
    return;
  }
  auto it = running_.find(id);
  if (it == running_.end() || it->second->cancelled) return;  // already answered: the race the spec allows
  it->second->cancelled = true;
  it->second->signal.emit(asio::cancellation_type::terminal);
}

bool Peer::on_progress(const std::string& params) {
  auto token = progress_token_of(params);
  if (!token) return false;
  auto found = progress_tokens_.find(*token);
  if (found == progress_tokens_.end()) return false;
  auto it = pending_.find(found->second);
  if (it == pending_.end()) return false;
  auto& pending = *it->second;
  pending.deadline = Clock::now() + pending.timeout;
  if (pending.on_progress) pending.on_progress(params);
  return true;
}

void Peer::close_on_strand() {
  if (closed_flag_->exchange(true)) return;
  for (auto& [id, pending] : pending_) {
    pending->reply.try_send(boost::system::error_code{},
                            Reply::error(local_code::connection_closed, "connection closed"));
  }
  for (auto& [id, running] : running_) {
    running->cancelled = true;
    running->signal.emit(asio::cancellation_type::terminal);
  }
  if (transport_) transport_->close();
  // Dropping the handlers breaks the cycle a session makes by capturing itself in them.
  auto on_closed = std::move(handlers_.on_closed);
  handlers_ = PeerHandlers{};
  if (on_closed) on_closed();
}

}  // namespace toolgate::mcp
