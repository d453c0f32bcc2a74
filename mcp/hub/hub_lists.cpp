// Aggregated lists: every upstream's pages in configured order, names made public, routes recorded,
// and a gateway cursor only when a response would pass max_list_entries (never a silent truncation).
#include <boost/json.hpp>

#include "mcp/hub/cursor.hpp"
#include "mcp/hub/hub_session.hpp"
#include "observability/logger.hpp"

namespace toolgate::mcp::hub_detail {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

// "tools/list" needs the "tools" capability, "resources/templates/list" the "resources" one.
std::string_view capability_of(std::string_view method) { return method.substr(0, method.find('/')); }

std::string page_params(const std::string& cursor) {
  if (cursor.empty()) return "{}";
  return json::serialize(json::object{{"cursor", cursor}});
}

}  // namespace

std::optional<json::value> HubSession::admit(std::size_t index, std::string_view key, json::value item) {
  if (!item.is_object()) return std::nullopt;
  auto& object = item.as_object();
  const UpstreamSpec& spec = *state_->links[index].spec;
  if (key == "resources") {
    if (const auto* uri = object.if_contains("uri"); uri && uri->is_string()) {
      std::lock_guard lock(state_->mutex);
      state_->resources.try_emplace(std::string(uri->as_string()), index);
    }
    return item;
  }
  if (key != "tools" && key != "prompts") return item;
  const auto* name_value = object.if_contains("name");
  if (!name_value || !name_value->is_string()) return std::nullopt;
  std::string name(name_value->as_string());
  if (key == "tools" && !spec.tools.admits(name)) return std::nullopt;
  std::string public_name = public_tool_name(spec.prefix.value_or(""), name, hub_->options().naming);
  std::lock_guard lock(state_->mutex);
  if (key == "tools") {
    ToolRoute route{index, name, {}, std::nullopt};
    if (const auto* input = object.if_contains("inputSchema"); input && input->is_object()) {
      route.input_schema = json::serialize(*input);
    }
    if (const auto* output = object.if_contains("outputSchema"); output && output->is_object()) {
      route.output_schema = json::serialize(*output);
    }
    auto [it, inserted] = state_->tools.try_emplace(public_name, route);
    if (!inserted && (it->second.link != index || it->second.tool != name)) {
      observability::log_error("mcp tool name collision: tool hidden",
                               {{"name", public_name},
                                {"server", spec.name},
                                {"kept_server", state_->links[it->second.link].spec->name}});
      return std::nullopt;
    }
    it->second = std::move(route);
  } else {
    auto [it, inserted] = state_->prompts.try_emplace(public_name, NameRoute{index, name});
    if (!inserted && (it->second.link != index || it->second.name != name)) {
      observability::log_error("mcp prompt name collision: prompt hidden",
                               {{"name", public_name},
                                {"server", spec.name},
                                {"kept_server", state_->links[it->second.link].spec->name}});
      return std::nullopt;
    }
  }
  object["name"] = public_name;
  return item;
}

asio::awaitable<Reply> HubSession::list(RequestContext& request, std::string_view method, std::string_view key) {
  std::size_t start = 0;
  std::string cursor;
  if (request.params()) {
    boost::system::error_code ec;
    auto params = json::parse(*request.params(), ec);
    if (ec || !params.is_object()) {
      co_return Reply::error(jsonrpc::code::invalid_params, std::string(method) + ": params must be an object");
    }
    if (const auto* given = params.as_object().if_contains("cursor")) {
      auto decoded = given->is_string() ? decode_cursor(given->as_string())
                                        : boost::system::result<HubCursor, std::string>(
                                              boost::system::in_place_error, "the cursor must be a string");
      if (!decoded) co_return Reply::error(jsonrpc::code::invalid_params, std::string(method) + ": " + decoded.error());
      start = state_->links.size();
      for (std::size_t i = 0; i < state_->links.size(); ++i) {
        if (state_->links[i].spec->name == decoded->server) start = i;
      }
      if (start == state_->links.size()) {
        co_return Reply::error(jsonrpc::code::invalid_params,
                               std::string(method) + ": the cursor names an unknown server \"" + decoded->server + "\"");
      }
      cursor = decoded->upstream_cursor;
    }
  }

  json::array items;
  std::optional<HubCursor> next;
  for (std::size_t i = start; i < state_->links.size() && !next; ++i) {
    auto session = co_await ensure(i);
    if (!session || !has_capability(i, capability_of(method))) {
      cursor.clear();
      continue;  // a down upstream never blanks the others' lists
    }
    for (;;) {
      auto op = session->call(std::string(method), page_params(cursor));
      auto reply = co_await std::move(op);
      cursor.clear();
      if (!reply.ok()) {
        observability::log_warn("mcp upstream list failed", {{"server", state_->links[i].spec->name},
                                                             {"method", method},
                                                             {"error", reply.error().message}});
        break;
      }
      boost::system::error_code ec;
      auto result = json::parse(reply.result_json(), ec);
      if (ec || !result.is_object()) break;
      if (const auto* page = result.as_object().if_contains(key); page && page->is_array()) {
        for (const auto& item : page->as_array()) {
          if (auto admitted = admit(i, key, item)) items.push_back(std::move(*admitted));
        }
      }
      const auto* upstream_next = result.as_object().if_contains("nextCursor");
      const bool more = upstream_next && upstream_next->is_string() && !upstream_next->as_string().empty();
      if (more) cursor = std::string(upstream_next->as_string());
      if (items.size() >= hub_->options().max_list_entries) {
        if (more) {
          next = HubCursor{state_->links[i].spec->name, cursor};
        } else if (i + 1 < state_->links.size()) {
          next = HubCursor{state_->links[i + 1].spec->name, ""};
        }
        break;
      }
      if (!more) break;
    }
  }
  json::object result{{key, std::move(items)}};
  if (next) result["nextCursor"] = encode_cursor(*next);
  co_return Reply::result(json::serialize(result));
}

void forget_routes(HubState& state, std::size_t index) {
  std::erase_if(state.tools, [index](const auto& entry) { return entry.second.link == index; });
  std::erase_if(state.prompts, [index](const auto& entry) { return entry.second.link == index; });
  state.listed.clear();
}

asio::awaitable<void> HubSession::refresh(std::string_view method, std::string_view key) {
  for (std::size_t i = 0; i < state_->links.size(); ++i) {
    auto session = co_await ensure(i);
    if (!session || !has_capability(i, capability_of(method))) continue;
    std::string cursor;
    for (int pages = 0; pages < 1000; ++pages) {
      auto op = session->call(std::string(method), page_params(cursor));
      auto reply = co_await std::move(op);
      if (!reply.ok()) break;
      boost::system::error_code ec;
      auto result = json::parse(reply.result_json(), ec);
      if (ec || !result.is_object()) break;
      if (const auto* page = result.as_object().if_contains(key); page && page->is_array()) {
        for (const auto& item : page->as_array()) admit(i, key, item);
      }
      const auto* upstream_next = result.as_object().if_contains("nextCursor");
      if (!upstream_next || !upstream_next->is_string() || upstream_next->as_string().empty()) break;
      cursor = std::string(upstream_next->as_string());
    }
  }
  std::lock_guard lock(state_->mutex);
  state_->listed.emplace(key);
}

}  // namespace toolgate::mcp::hub_detail
