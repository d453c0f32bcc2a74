#include "mcp/transport/legacy_sse_server.hpp"

#include <boost/asio/this_coro.hpp>
#include <boost/url/parse.hpp>

#include <atomic>

#include "mcp/jsonrpc/codec.hpp"
#include "mcp/transport/http_exchange.hpp"
#include "mcp/transport/legacy_sse_transport.hpp"
#include "mcp/transport/session_id.hpp"
#include "mcp/transport/session_table.hpp"
#include "mcp/transport/sse_frames.hpp"

namespace toolgate::mcp {

namespace asio = boost::asio;
namespace http = net::http;

namespace {

struct LegacySession {
  std::string id;
  std::shared_ptr<LegacySseTransport> transport;
  std::shared_ptr<ServerSession> server;
};

void end_session(const std::shared_ptr<LegacySession>& session) {
  session->transport->close();
  session->server->close();
}

asio::awaitable<void> send_response(net::ResponseWriter& writer, net::Response response) {
  auto op = writer.send(std::move(response));
  co_await std::move(op);
}

// Only the DNS-rebinding part of check_http_request applies: legacy clients send neither the Accept
// header Streamable HTTP requires nor MCP-Protocol-Version.
std::optional<HttpRejection> check_origin(const net::Request& request, bool loopback_bind) {
  HttpRequestHeaders headers = request_headers(request, loopback_bind);
  headers.method = "GET";
  headers.accept = "text/event-stream";
  headers.protocol_version.reset();
  return check_http_request(headers);
}

net::Response method_not_allowed(std::string_view allow, bool keep_alive) {
  const std::string message = "Method not allowed: use " + std::string(allow);
  net::Response res = json_rpc_error_response(405, -32000, message, keep_alive);
  res.set(http::field::allow, allow);
  return res;
}

bool is_json(std::string_view content_type) {
  std::string type(content_type.substr(0, content_type.find(';')));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.pop_back();
  for (char& c : type) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return type == "application/json";
}

std::optional<std::string> session_param(std::string_view target) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return std::nullopt;
  auto params = url->params();
  auto it = params.find("sessionId");
  if (it == params.end() || !(*it).has_value) return std::nullopt;
  return std::string((*it).value);
}

}  // namespace

struct LegacySseEndpoint::State {
  State(asio::any_io_executor ex, LegacySseOptions opts, ServerHandlerFactory make_handler)
      : executor(std::move(ex)),
        options(std::move(opts)),
        factory(std::move(make_handler)),
        sessions(options.max_sessions) {}

  asio::any_io_executor executor;
  const LegacySseOptions options;
  const ServerHandlerFactory factory;
  SessionTable<LegacySession> sessions;
  std::atomic<bool> stopped{false};
};

namespace {

asio::awaitable<void> serve_stream(std::shared_ptr<LegacySseEndpoint::State> state, const net::Request& request,
                                   net::ResponseWriter& writer) {
  const bool keep = request.keep_alive();
  std::optional<net::Response> refusal;
  if (request.method() != http::verb::get) {
    refusal = method_not_allowed("GET", keep);
  } else if (auto rejection = check_origin(request, state->options.loopback_bind)) {
    refusal = rejection_response(*rejection, keep);
  } else if (state->stopped.load()) {
    refusal = json_rpc_error_response(503, -32000, "Service Unavailable: shutting down", keep);
  }
  auto id = new_session_id();
  std::unique_ptr<ServerHandler> handler = refusal || !state->factory ? nullptr : state->factory();
  if (!refusal && (!id || !handler)) {
    refusal = json_rpc_error_response(500, -32603, "Internal error: cannot create a session", keep);
  }
  auto executor = co_await asio::this_coro::executor;
  auto waker = std::make_shared<StreamWaker>(executor);
  std::shared_ptr<LegacySession> session;
  if (!refusal) {
    session = std::make_shared<LegacySession>(LegacySession{
        *id, std::make_shared<LegacySseTransport>(waker, state->options.max_queued_messages),
        ServerSession::create(Peer::create(state->executor), std::move(handler))});
    if (!state->sessions.insert(session)) {
      const std::string message = "Service Unavailable: the server already holds its maximum of " +
                                  std::to_string(state->sessions.capacity()) + " MCP sessions; retry later";
      refusal = json_rpc_error_response(503, -32000, message, keep);
    }
  }
  if (refusal) {
    auto reply = send_response(writer, std::move(*refusal));
    co_await std::move(reply);
    co_return;
  }
  session->server->start(session->transport);

  const auto& messages_path = state->options.messages_path;
  const std::string uri = state->options.path_prefix + messages_path +
                          (messages_path.find('?') == std::string::npos ? "?" : "&") + "sessionId=" + session->id;
  const std::string first = endpoint_frame(uri);
  auto header = sse_header(std::nullopt);
  auto start = writer.start_stream(std::move(header), first);
  if (co_await std::move(start)) {
    auto& transport = *session->transport;
    auto pump = pump_sse(writer, *waker, state->options.keep_alive, [&transport] { return transport.pull(); }, [] {});
    co_await std::move(pump);
  }
  // The stream is the session: once it ends, for whatever reason, so does the session.
  state->sessions.erase(session->id);
  end_session(session);
}

asio::awaitable<void> serve_message(std::shared_ptr<LegacySseEndpoint::State> state, const net::Request& request,
                                    net::ResponseWriter& writer) {
  const bool keep = request.keep_alive();
  std::optional<net::Response> refusal;
  std::shared_ptr<LegacySession> session;
  if (request.method() != http::verb::post) {
    refusal = method_not_allowed("POST", keep);
  } else if (auto rejection = check_origin(request, state->options.loopback_bind)) {
    refusal = rejection_response(*rejection, keep);
  } else if (auto type = header_value(request, "Content-Type"); !type || !is_json(*type)) {
    refusal = json_rpc_error_response(415, -32000, "Unsupported Media Type: Content-Type must be application/json", keep);
  } else if (auto id = session_param(request.target()); !id || id->empty()) {
    refusal = json_rpc_error_response(400, -32000, "Bad Request: the sessionId query parameter is required", keep);
  } else if (session = state->sessions.find(*id); !session || session->transport->closed()) {
    refusal = json_rpc_error_response(404, -32001, "Session not found", keep);
  }
  if (refusal) {
    auto reply = send_response(writer, std::move(*refusal));
    co_await std::move(reply);
    co_return;
  }
  jsonrpc::DecodeOptions options;
  options.allow_batch = session->server->peer().batches_allowed();
  jsonrpc::Decoded decoded = jsonrpc::decode(request.body(), options);
  if (decoded.messages.empty() && !decoded.rejects.empty()) {
    std::vector<jsonrpc::Message> errors(decoded.rejects.begin(), decoded.rejects.end());
    std::string body = errors.size() == 1 ? jsonrpc::encode(errors.front()) : jsonrpc::encode_batch(errors);
    auto reply = send_response(writer, json_response(400, std::move(body), keep));
    co_await std::move(reply);
    co_return;
  }
  // Responses travel on the stream; so do the errors owed for a batch's unreadable members.
  for (const auto& reject : decoded.rejects) session->transport->send(reject, reject.id);
  for (auto& message : decoded.messages) session->server->peer().deliver(std::move(message));
  net::Response accepted{http::status::accepted, 11};
  accepted.set(http::field::content_type, "text/plain; charset=utf-8");
  accepted.keep_alive(keep);
  accepted.body() = "Accepted";
  auto reply = send_response(writer, std::move(accepted));
  co_await std::move(reply);
}

}  // namespace

LegacySseEndpoint::LegacySseEndpoint(asio::any_io_executor executor, LegacySseOptions options,
                                     ServerHandlerFactory factory)
    : state_(std::make_shared<State>(std::move(executor), std::move(options), std::move(factory))) {}

LegacySseEndpoint::~LegacySseEndpoint() { shutdown(); }

asio::awaitable<void> LegacySseEndpoint::handle_stream(const net::Request& request, net::ResponseWriter& writer) {
  return serve_stream(state_, request, writer);
}

asio::awaitable<void> LegacySseEndpoint::handle_message(const net::Request& request, net::ResponseWriter& writer) {
  return serve_message(state_, request, writer);
}

void LegacySseEndpoint::shutdown() {
  state_->stopped.store(true);
  for (const auto& session : state_->sessions.erase_if([](const LegacySession&) { return true; })) end_session(session);
}

std::size_t LegacySseEndpoint::session_count() const { return state_->sessions.size(); }

}  // namespace toolgate::mcp
