#include "gateway/http/router.hpp"

#include <chrono>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "gateway/http/chat_completions_handler.hpp"
#include "gateway/http/models_handler.hpp"
#include "gateway/http/ops_handlers.hpp"
#include "gateway/http/responses.hpp"
#include "observability/request_id.hpp"

namespace toolgate::gateway::http {

namespace {

namespace bhttp = boost::beast::http;

enum class RouteId { chat, models, model, healthz, readyz, metrics, unknown };

struct Match {
  RouteId id = RouteId::unknown;
  std::string_view label = "other";
  std::string_view allow;  // methods the route accepts
  std::string_view model_id;
};

Match match_route(std::string_view target) {
  std::string_view path = target.substr(0, target.find('?'));
  if (path == "/v1/chat/completions") return {RouteId::chat, "/v1/chat/completions", "POST", {}};
  if (path == "/v1/models") return {RouteId::models, "/v1/models", "GET", {}};
  if (path.starts_with("/v1/models/") && path.size() > 11) {
    return {RouteId::model, "/v1/models/{id}", "GET", path.substr(11)};
  }
  if (path == "/healthz") return {RouteId::healthz, "/healthz", "GET", {}};
  if (path == "/readyz") return {RouteId::readyz, "/readyz", "GET", {}};
  if (path == "/metrics") return {RouteId::metrics, "/metrics", "GET", {}};
  return {};
}

bool method_allowed(const net::Request& req, std::string_view allow) {
  std::string_view m = req.method_string();
  return m == allow || (allow == "GET" && req.method() == bhttp::verb::head);
}

openai::ApiError simple_error(unsigned status, std::string type, std::string message, std::string code) {
  openai::ApiError e;
  e.status = status;
  e.type = std::move(type);
  e.message = std::move(message);
  e.code = std::move(code);
  return e;
}

// MCP over HTTP: the same bearer keys as /v1 when auth is on, with JSON-RPC-shaped refusals.
boost::asio::awaitable<void> handle_mcp(GatewayContext& ctx, const net::Request& req, net::ResponseWriter& writer,
                                        std::string_view path) {
  const auto started = std::chrono::steady_clock::now();
  if (ctx.auth.enabled()) {
    auto who = ctx.auth.authenticate(req[bhttp::field::authorization]);
    if (auto* failure = std::get_if<auth::AuthFailure>(&who)) {
      net::Response res{bhttp::status::unauthorized, req.version()};
      res.set(bhttp::field::content_type, "application/json");
      res.set(bhttp::field::www_authenticate, "Bearer");
      res.body() = R"({"jsonrpc":"2.0","error":{"code":-32000,"message":)" +
                   boost::json::serialize(boost::json::string(auth::failure_message(*failure))) + "}}";
      co_await writer.send(std::move(res));
      ctx.metrics.record_http_request(path, req.method_string(), 401,
                                      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
      co_return;
    }
  }
  if (ctx.mcp.streamable && path == ctx.mcp.streamable_path) {
    co_await ctx.mcp.streamable->handle(req, writer);
  } else if (path == ctx.mcp.sse_path) {
    co_await ctx.mcp.sse->handle_stream(req, writer);
  } else {
    co_await ctx.mcp.sse->handle_message(req, writer);
  }
  ctx.metrics.record_http_request(path, req.method_string(), writer.status(),
                                  std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
}

}  // namespace

boost::asio::awaitable<void> handle_request(GatewayContext& ctx, const net::Request& req,
                                            net::ResponseWriter& writer) {
  if (const std::string_view path = req.target().substr(0, req.target().find('?')); ctx.mcp.serves(path)) {
    co_await handle_mcp(ctx, req, writer, path);
    co_return;
  }
  RequestInfo info;
  std::string_view incoming_id = req["x-request-id"];
  info.request_id = observability::is_acceptable_request_id(incoming_id) ? std::string(incoming_id)
                                                                         : observability::new_request_id();
  info.keep_alive = req.keep_alive();
  const Match route = match_route(req.target());
  info.route = std::string(route.label);

  unsigned status = 0;
  if (route.id == RouteId::unknown) {
    auto e = simple_error(404, "invalid_request_error",
                          "Unknown request URL: " + std::string(req.method_string()) + " " +
                              std::string(req.target().substr(0, 256)),
                          "unknown_url");
    status = e.status;
    co_await writer.send(error_response(e, info));
  } else if (!method_allowed(req, route.allow)) {
    auto e = simple_error(405, "invalid_request_error",
                          "Method " + std::string(req.method_string()) + " is not allowed on " +
                              std::string(route.label) + "; use " + std::string(route.allow),
                          "method_not_allowed");
    e.headers.emplace_back("allow", std::string(route.allow));
    status = e.status;
    co_await writer.send(error_response(e, info));
  } else {
    bool authorized = true;
    if (req.target().starts_with("/v1/") && ctx.auth.enabled()) {
      auto who = ctx.auth.authenticate(req[bhttp::field::authorization]);
      if (auto* name = std::get_if<std::string>(&who)) {
        info.key_name = *name;
      } else {
        authorized = false;
        auto e = simple_error(401, "invalid_request_error",
                              std::string(auth::failure_message(std::get<auth::AuthFailure>(who))),
                              "invalid_api_key");
        e.headers.emplace_back("www-authenticate", "Bearer");
        status = e.status;
        co_await writer.send(error_response(e, info));
      }
    }
    if (authorized) {
      switch (route.id) {
        case RouteId::chat: status = co_await handle_chat_completions(ctx, req, writer, info); break;
        case RouteId::models: status = co_await writer.send(list_models(ctx, info)) ? 200 : 0; break;
        case RouteId::model: {
          auto res = get_model(ctx, route.model_id, info);
          status = res.result_int();
          co_await writer.send(std::move(res));
          break;
        }
        case RouteId::healthz: status = co_await writer.send(healthz(info)) ? 200 : 0; break;
        case RouteId::readyz: {
          auto res = readyz(ctx, info);
          status = res.result_int();
          co_await writer.send(std::move(res));
          break;
        }
        case RouteId::metrics: status = co_await writer.send(metrics(ctx, info)) ? 200 : 0; break;
        case RouteId::unknown: break;
      }
    }
  }
  ctx.metrics.record_http_request(info.route, req.method_string(), status, info.elapsed_seconds());
}

}  // namespace toolgate::gateway::http
