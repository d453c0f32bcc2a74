#include "mcp/hub/hub.hpp"

#include <set>

#include <boost/json.hpp>

#include "mcp/hub/hub_session.hpp"
#include "observability/logger.hpp"

namespace toolgate::mcp {

namespace asio = boost::asio;
namespace json = boost::json;

std::shared_ptr<Hub> Hub::create(asio::any_io_executor ex, HubOptions options, std::vector<UpstreamSpec> upstreams,
                                 observability::McpMetrics* metrics) {
  return std::shared_ptr<Hub>(new Hub(std::move(ex), std::move(options), std::move(upstreams), metrics));
}

boost::system::result<void, std::string> Hub::check(const std::vector<UpstreamSpec>& upstreams,
                                                    const ToolNaming& naming) {
  using R = boost::system::result<void, std::string>;
  for (std::size_t i = 0; i < upstreams.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (upstreams[i].name == upstreams[j].name) {
        return R(boost::system::in_place_error, "two MCP servers are named \"" + upstreams[i].name + "\"");
      }
      const auto& a = upstreams[j].prefix;
      const auto& b = upstreams[i].prefix;
      if (a && b && public_tool_name(*a, "x", naming) == public_tool_name(*b, "x", naming)) {
        return R(boost::system::in_place_error, "MCP servers \"" + upstreams[j].name + "\" and \"" +
                                                    upstreams[i].name + "\" have the same tool prefix \"" + *b + "\"");
      }
    }
  }
  return {};
}

asio::awaitable<boost::system::result<void, std::string>> Hub::probe() {
  using R = boost::system::result<void, std::string>;
  ToolNameTable names(options_.naming);
  for (const auto& spec : upstreams_) {
    ClientOptions client;
    client.client_info_json = options_.server_info_json;
    client.initialize_timeout = spec.connect_timeout;
    auto connected = co_await ClientSession::connect(ex_, spec.transport, PeerHandlers{}, client);
    if (metrics_) metrics_->set_upstream_up(spec.name, static_cast<bool>(connected));
    if (!connected) {
      observability::log_warn("mcp upstream unavailable at start-up",
                              {{"server", spec.name}, {"transport", spec.transport_kind}, {"error", connected.error()}});
      continue;
    }
    auto session = *connected;
    std::string cursor;
    std::size_t count = 0;
    for (int pages = 0; pages < 1000; ++pages) {
      std::string params = cursor.empty() ? "{}" : json::serialize(json::object{{"cursor", cursor}});
      auto op = session->call("tools/list", std::move(params));
      auto reply = co_await std::move(op);
      if (!reply.ok()) break;
      boost::system::error_code ec;
      auto result = json::parse(reply.result_json(), ec);
      if (ec || !result.is_object()) break;
      if (const auto* tools = result.as_object().if_contains("tools"); tools && tools->is_array()) {
        for (const auto& tool : tools->as_array()) {
          const auto* name = tool.is_object() ? tool.as_object().if_contains("name") : nullptr;
          if (!name || !name->is_string() || !spec.tools.admits(name->as_string())) continue;
          auto added = names.add(spec.name, spec.prefix.value_or(""), name->as_string());
          if (!added) {
            session->close();
            co_return R(boost::system::in_place_error, added.error());
          }
          ++count;
        }
      }
      const auto* next = result.as_object().if_contains("nextCursor");
      if (!next || !next->is_string() || next->as_string().empty()) break;
      cursor = std::string(next->as_string());
    }
    observability::log_info("mcp upstream ready",
                            {{"server", spec.name}, {"transport", spec.transport_kind}, {"tools", std::to_string(count)}});
    session->close();
  }
  co_return R{};
}

std::unique_ptr<ServerHandler> Hub::make_handler() {
  return std::make_unique<hub_detail::HubSession>(shared_from_this());
}

}  // namespace toolgate::mcp
