#include "gateway/app/mcp_client_command.hpp"

#include <cstdlib>
#include <ostream>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>

#include "gateway/app/mcp_conformance_client.hpp"
#include "gateway/app/version.hpp"
#include "mcp/client/client_session.hpp"
#include "mcp/transport/child_transport.hpp"
#include "mcp/transport/sse_client.hpp"
#include "mcp/transport/streamable_http_client.hpp"
#include "net/tls_context.hpp"

namespace toolgate::gateway::app {

namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using TransportResult = boost::system::result<std::shared_ptr<mcp::Transport>, std::string>;

constexpr int kOk = 0;
constexpr int kServerError = 1;
constexpr int kUsage = 2;
constexpr int kUnreachable = 3;

boost::system::result<mcp::TransportFactory, std::string> make_factory(const McpClientCommand& cmd,
                                                                       asio::any_io_executor ex) {
  using R = boost::system::result<mcp::TransportFactory, std::string>;
  if (cmd.kind == McpTargetKind::stdio) {
    mcp::ChildSpec spec;
    spec.argv = cmd.command;
    return R(mcp::TransportFactory([ex, spec](mcp::Inbound inbound) -> TransportResult {
      mcp::LineTransportOptions options;
      options.name = spec.argv.front();
      auto spawned = mcp::spawn_child_transport(ex, spec, std::move(inbound), {}, options);
      if (!spawned) return TransportResult(boost::system::in_place_error, spawned.error().message);
      return TransportResult(std::shared_ptr<mcp::Transport>(std::move(*spawned)));
    }));
  }
  auto url = net::parse_url(cmd.url);
  if (!url) return R(boost::system::in_place_error, "cannot use URL '" + cmd.url + "': " + url.error().message());
  auto headers = cmd.headers;
  if (!cmd.bearer_env.empty()) {
    const char* token = std::getenv(cmd.bearer_env.c_str());
    if (!token || !*token) return R(boost::system::in_place_error, "environment variable " + cmd.bearer_env + " is not set");
    headers.emplace_back("Authorization", std::string("Bearer ") + token);
  }
  auto http = std::make_shared<net::HttpClient>(ex, net::make_client_tls_context());
  if (cmd.kind == McpTargetKind::sse) {
    mcp::SseClientOptions options;
    options.url = *url;
    options.headers = headers;
    options.request_timeout = cmd.timeout;
    return R(mcp::TransportFactory([ex, http, options](mcp::Inbound inbound) -> TransportResult {
      return TransportResult(std::make_shared<mcp::SseClient>(ex, http, options, std::move(inbound)));
    }));
  }
  mcp::StreamableHttpClientOptions options;
  options.endpoint = *url;
  options.headers = headers;
  return R(mcp::TransportFactory([ex, http, options](mcp::Inbound inbound) -> TransportResult {
    return TransportResult(std::make_shared<mcp::StreamableHttpClient>(ex, http, options, std::move(inbound)));
  }));
}

std::string list_method(std::string_view what) {
  if (what == "templates") return "resources/templates/list";
  return std::string(what) + "/list";
}

std::string list_key(std::string_view what) { return what == "templates" ? "resourceTemplates" : std::string(what); }

// Prints a reply; the exit status says whether the server reported a failure.
int report(const mcp::Reply& reply, std::ostream& out, std::ostream& err) {
  if (!reply.ok()) {
    err << "error " << reply.error().code << ": " << reply.error().message << '\n';
    return kServerError;
  }
  out << reply.result_json() << '\n';
  boost::system::error_code ec;
  const auto result = json::parse(reply.result_json(), ec);
  const auto* is_error = result.is_object() ? result.as_object().if_contains("isError") : nullptr;
  return is_error && is_error->is_bool() && is_error->as_bool() ? kServerError : kOk;
}

asio::awaitable<int> run_action(const McpClientCommand& cmd, mcp::ClientSession& session, std::ostream& out,
                                std::ostream& err) {
  mcp::CallOptions options;
  options.timeout = cmd.timeout;
  switch (cmd.action) {
    case McpAction::ping: {
      const auto started = std::chrono::steady_clock::now();
      auto op = session.call("ping", std::nullopt, options);
      auto reply = co_await std::move(op);
      if (!reply.ok()) co_return report(reply, out, err);
      const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
      out << "pong from " << session.server().server_info_json << " in " << elapsed.count() << " ms\n";
      co_return kOk;
    }
    case McpAction::list: {
      json::array all;
      std::string cursor;
      for (;;) {
        std::string params = cursor.empty() ? "{}" : json::serialize(json::object{{"cursor", cursor}});
        auto op = session.call(list_method(cmd.what), std::move(params), options);
        auto reply = co_await std::move(op);
        if (!reply.ok()) co_return report(reply, out, err);
        boost::system::error_code ec;
        auto page = json::parse(reply.result_json(), ec);
        if (ec || !page.is_object()) {
          err << "toolgate mcp: the " << list_method(cmd.what) << " result is not a JSON object: " << reply.result_json()
              << '\n';
          co_return kServerError;
        }
        if (const auto* items = page.as_object().if_contains(list_key(cmd.what)); items && items->is_array()) {
          for (const auto& item : items->as_array()) all.push_back(item);
        }
        const auto* next = page.as_object().if_contains("nextCursor");
        if (!next || !next->is_string() || next->as_string().empty()) break;
        cursor = std::string(next->as_string());
      }
      out << json::serialize(json::object{{list_key(cmd.what), std::move(all)}}) << '\n';
      co_return kOk;
    }
    case McpAction::call:
    case McpAction::get: {
      const bool call = cmd.action == McpAction::call;
      std::string params = json::serialize(
          json::object{{"name", cmd.name}, {"arguments", json::parse(cmd.arguments_json)}});
      auto op = session.call(call ? "tools/call" : "prompts/get", std::move(params), options);
      auto reply = co_await std::move(op);
      co_return report(reply, out, err);
    }
    case McpAction::read: {
      auto op = session.call("resources/read", json::serialize(json::object{{"uri", cmd.name}}), options);
      auto reply = co_await std::move(op);
      co_return report(reply, out, err);
    }
    case McpAction::conformance: break;
  }
  co_return kUsage;
}

asio::awaitable<int> client_main(const McpClientCommand& cmd, std::ostream& out, std::ostream& err) {
  const auto ex = co_await asio::this_coro::executor;
  auto factory = make_factory(cmd, ex);
  if (!factory) {
    err << "toolgate mcp: " << factory.error() << '\n';
    co_return kUnreachable;
  }
  if (cmd.action == McpAction::conformance) co_return co_await run_conformance_client(ex, *factory, cmd, out, err);
  mcp::ClientOptions options;
  options.client_info_json = R"({"name":"toolgate-mcp","version":")" + std::string(version()) + "\"}";
  options.initialize_timeout = cmd.timeout;
  if (!cmd.protocol_version.empty()) {
    auto revision = mcp::revision_from_string(cmd.protocol_version);
    if (!revision) {
      err << "toolgate mcp: unknown protocol version '" << cmd.protocol_version << "'\n";
      co_return kUsage;
    }
    options.revision = *revision;
  }
  auto connecting = mcp::ClientSession::connect(ex, *factory, mcp::PeerHandlers{}, options);
  auto connected = co_await std::move(connecting);
  if (!connected) {
    err << "toolgate mcp: " << connected.error() << '\n';
    co_return kUnreachable;
  }
  auto session = *connected;
  auto acting = run_action(cmd, *session, out, err);
  const int status = co_await std::move(acting);
  session->close();
  co_return status;
}

}  // namespace

int run_mcp_client(const McpClientCommand& cmd, std::ostream& out, std::ostream& err) {
  if (cmd.action == McpAction::call || cmd.action == McpAction::get) {
    boost::system::error_code ec;
    auto arguments = json::parse(cmd.arguments_json, ec);
    if (ec || !arguments.is_object()) {
      err << "toolgate mcp: --args must be a JSON object, got: " << cmd.arguments_json << '\n';
      return kUsage;
    }
  }
  asio::io_context ioc(1);
  auto result = asio::co_spawn(ioc, client_main(cmd, out, err), asio::use_future);
  // The session's transport (a child's stop sequence, an HTTP DELETE) winds down after the action;
  // give it a bounded moment rather than waiting on a server that will not go.
  const auto hard_end = std::chrono::steady_clock::now() + cmd.timeout + std::chrono::seconds(10);
  bool answered = false;
  std::optional<std::chrono::steady_clock::time_point> grace_end;
  for (;;) {
    ioc.run_for(std::chrono::milliseconds(100));
    if (ioc.stopped()) break;
    if (!answered && result.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
      answered = true;
      grace_end = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    }
    const auto now = std::chrono::steady_clock::now();
    if ((grace_end && now >= *grace_end) || (!answered && cmd.action != McpAction::conformance && now >= hard_end)) {
      break;
    }
  }
  if (result.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
    err << "toolgate mcp: no answer within " << cmd.timeout.count() << " ms\n";
    return kUnreachable;
  }
  return result.get();
}

}  // namespace toolgate::gateway::app
