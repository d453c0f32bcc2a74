// POST to the Streamable HTTP endpoint: initialize (which creates the session), notifications and
// responses (202), and requests, whose related messages and responses come back on an SSE stream.
#include <boost/asio/this_coro.hpp>
#include <boost/json.hpp>

#include "mcp/jsonrpc/codec.hpp"
#include "mcp/protocol/capabilities.hpp"
#include "mcp/transport/http_exchange.hpp"
#include "mcp/transport/streamable_http_state.hpp"

namespace toolgate::mcp {

namespace asio = boost::asio;
using State = StreamableHttpEndpoint::State;

namespace {

const jsonrpc::Request* as_request(const jsonrpc::Message& message) { return std::get_if<jsonrpc::Request>(&message); }

const jsonrpc::Request* find_initialize(const std::vector<jsonrpc::Message>& messages) {
  for (const auto& message : messages) {
    if (const auto* request = as_request(message); request && request->method == "initialize") return request;
  }
  return nullptr;
}

// `params.requestId` of notifications/cancelled.
std::optional<jsonrpc::Id> cancelled_request(const jsonrpc::Notification& notification) {
  if (notification.method != "notifications/cancelled" || !notification.params) return std::nullopt;
  boost::system::error_code ec;
  const auto value = boost::json::parse(*notification.params, ec);
  if (ec || !value.is_object()) return std::nullopt;
  const auto* id = value.as_object().if_contains("requestId");
  if (id && id->is_int64()) return jsonrpc::Id(id->as_int64());
  if (id && id->is_string()) return jsonrpc::Id(std::string(id->as_string()));
  return std::nullopt;
}

// Hands the messages to the session in order. `accepted` (one flag per request) skips requests whose id
// was refused; a cancellation also releases the cancelled request's stream, whose response will not come.
void deliver(HttpSession& session, std::vector<jsonrpc::Message>& messages, const std::vector<bool>& accepted) {
  std::size_t request_index = 0;
  for (auto& message : messages) {
    if (as_request(message) && !accepted[request_index++]) continue;
    if (const auto* notification = std::get_if<jsonrpc::Notification>(&message)) {
      if (auto id = cancelled_request(*notification)) session.transport->cancelled(*id);
    }
    session.server->peer().deliver(std::move(message));
  }
}

// The error body for a POST none of whose messages could be read: the one error, or all of a batch's.
net::Response rejects_response(unsigned status, const jsonrpc::Decoded& decoded, bool keep_alive) {
  if (decoded.rejects.size() == 1) {
    return json_response(status, jsonrpc::encode(decoded.rejects.front()), keep_alive);
  }
  std::vector<jsonrpc::Message> errors(decoded.rejects.begin(), decoded.rejects.end());
  return json_response(status, jsonrpc::encode_batch(errors), keep_alive);
}

std::string id_text(const jsonrpc::Id& id) {
  if (const auto* number = std::get_if<std::int64_t>(&id)) return std::to_string(*number);
  return boost::json::serialize(boost::json::string(std::get<std::string>(id)));
}

// Opens the stream for the POST's requests, delivers its messages and writes the stream until every
// request is answered. true when the stream's end reached the client.
asio::awaitable<bool> serve_requests(const State& state, std::shared_ptr<HttpSession> session,
                                     const net::Request& request, net::ResponseWriter& writer,
                                     jsonrpc::Decoded decoded, bool priming) {
  std::vector<jsonrpc::Id> ids;
  for (const auto& message : decoded.messages) {
    if (const auto* r = as_request(message)) ids.push_back(r->id);
  }
  HttpSessionTransport& transport = *session->transport;
  const auto opened = transport.open_stream(ids);
  for (const auto& reject : decoded.rejects) transport.append(opened.key, reject);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (opened.accepted[i]) continue;
    std::string message = "request id " + id_text(ids[i]) + " is already in use by a request in progress";
    transport.append(opened.key, jsonrpc::Error{ids[i], jsonrpc::code::invalid_request, std::move(message), std::nullopt});
  }
  auto executor = co_await asio::this_coro::executor;
  auto attached = transport.attach(opened.key, std::nullopt, false, executor);
  deliver(*session, decoded.messages, opened.accepted);
  if (!std::holds_alternative<std::unique_ptr<StreamReader>>(attached)) {
    // Only a session closed meanwhile refuses a fresh stream.
    auto reply = send_response(writer, json_rpc_error_response(404, -32001, "Session not found", request.keep_alive()));
    co_await std::move(reply);
    co_return false;
  }
  auto reader = std::get<0>(std::move(attached));
  auto op = write_stream(state, *session, *reader, writer, priming);
  co_return co_await std::move(op);
}

// A POST holding `initialize`: it creates the session (when the header names no live one) and gets
// the session id on its response.
asio::awaitable<void> post_initialize(std::shared_ptr<State> state, std::shared_ptr<HttpSession> existing,
                                      const net::Request& request, net::ResponseWriter& writer,
                                      jsonrpc::Decoded decoded) {
  const bool keep = request.keep_alive();
  if (existing) {
    auto reply = send_response(writer, json_rpc_error_response(400, jsonrpc::code::invalid_request,
                                                               "Invalid Request: Server already initialized", keep));
    co_await std::move(reply);
    co_return;
  }
  if (decoded.batch || decoded.messages.size() > 1 || !decoded.rejects.empty()) {
    auto reply = send_response(
        writer, json_rpc_error_response(400, jsonrpc::code::invalid_request,
                                        "Invalid Request: Only one initialization request is allowed", keep));
    co_await std::move(reply);
    co_return;
  }
  auto created = state->create_session(keep);
  if (auto* refusal = std::get_if<net::Response>(&created)) {
    auto reply = send_response(writer, std::move(*refusal));
    co_await std::move(reply);
    co_return;
  }
  auto session = std::get<0>(std::move(created));
  SessionUse use(session);
  // The priming decision follows the version the client asks for: the session has not negotiated yet.
  const auto hello = read_initialize_params(as_request(decoded.messages.front())->params);
  const bool priming = hello && primes_streams(hello->revision);
  auto op = serve_requests(*state, session, request, writer, std::move(decoded), priming);
  const bool delivered = co_await std::move(op);
  // A refused initialize leaves no session behind (the client never learns a usable id).
  if (delivered && session->server->phase() == ServerSession::Phase::fresh) {
    if (auto removed = state->sessions.erase(session->id)) State::close_session(removed);
  }
}

}  // namespace

asio::awaitable<void> handle_post(std::shared_ptr<State> state, const net::Request& request,
                                  net::ResponseWriter& writer) {
  const bool keep = request.keep_alive();
  // Batches are decoded here and refused below per the session's revision, so `initialize` inside
  // one is recognised (and refused) too.
  jsonrpc::DecodeOptions options;
  options.allow_batch = true;
  jsonrpc::Decoded decoded = jsonrpc::decode(request.body(), options);
  if (decoded.messages.empty() && !decoded.rejects.empty() && !decoded.batch) {
    auto reply = send_response(writer, rejects_response(400, decoded, keep));
    co_await std::move(reply);
    co_return;
  }
  const auto session_header = header_value(request, kSessionIdHeader);
  if (find_initialize(decoded.messages) != nullptr) {
    std::shared_ptr<HttpSession> existing;
    if (session_header) {
      existing = state->sessions.find(*session_header);
      if (existing && existing->transport->closed()) existing.reset();
    }
    auto op = post_initialize(state, std::move(existing), request, writer, std::move(decoded));
    co_await std::move(op);
    co_return;
  }

  auto found = state->session_for(request);
  if (auto* refusal = std::get_if<net::Response>(&found)) {
    auto reply = send_response(writer, std::move(*refusal));
    co_await std::move(reply);
    co_return;
  }
  auto session = std::get<0>(std::move(found));
  SessionUse use(session);
  if (decoded.batch && !session->server->peer().batches_allowed()) {
    const std::string message = "Invalid Request: JSON-RPC batches are not part of MCP " +
                                std::string(to_string(session->server->revision())) + "; send one message per POST";
    auto reply = send_response(writer, json_rpc_error_response(400, jsonrpc::code::invalid_request, message, keep));
    co_await std::move(reply);
    co_return;
  }
  if (decoded.messages.empty()) {
    auto reply = send_response(writer, rejects_response(400, decoded, keep));
    co_await std::move(reply);
    co_return;
  }
  const bool has_requests = std::any_of(decoded.messages.begin(), decoded.messages.end(),
                                        [](const jsonrpc::Message& m) { return as_request(m) != nullptr; });
  if (!has_requests) {
    deliver(*session, decoded.messages, {});
    // A batch of notifications and responses with unreadable members owes the errors for those only.
    auto reply = decoded.rejects.empty() ? send_response(writer, empty_response(202, keep))
                                         : send_response(writer, rejects_response(200, decoded, keep));
    co_await std::move(reply);
    co_return;
  }
  const bool priming = session->server->phase() != ServerSession::Phase::fresh &&
                       primes_streams(session->server->revision());
  auto op = serve_requests(*state, session, request, writer, std::move(decoded), priming);
  co_await std::move(op);
}

}  // namespace toolgate::mcp
