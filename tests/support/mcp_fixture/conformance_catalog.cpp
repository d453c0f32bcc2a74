#include "tests/support/mcp_fixture/conformance_catalog.hpp"

#include <stdexcept>
#include <string>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "tests/support/mcp_fixture/fixture_parts.hpp"

namespace toolgate::mcp::fixture {

namespace asio = boost::asio;
namespace json = boost::json;

std::shared_ptr<Catalog> make_conformance_catalog() {
  Catalog::Options options;
  options.server_info_json = R"({"name":"toolgate-conformance-fixture","version":"0.1.16"})";
  options.instructions = "Fixture server for the MCP conformance suite; every entry returns fixed, documented data.";
  auto catalog = Catalog::create(std::move(options));
  add_content_tools(*catalog);
  add_client_tools(*catalog);
  add_resources(*catalog);
  add_prompts(*catalog);
  return catalog;
}

json::object text_block(std::string_view text) { return json::object{{"type", "text"}, {"text", text}}; }

json::object image_block() {
  return json::object{{"type", "image"}, {"data", kRedPixelPng}, {"mimeType", "image/png"}};
}

json::object embedded_text_resource(std::string_view uri, std::string_view mime_type, std::string_view text) {
  json::object resource{{"uri", uri}, {"mimeType", mime_type}, {"text", text}};
  return json::object{{"type", "resource"}, {"resource", std::move(resource)}};
}

Reply content_result(json::array content, bool is_error) {
  json::object result{{"content", std::move(content)}};
  if (is_error) result["isError"] = true;
  return Reply::result(json::serialize(result));
}

Reply text_result(std::string_view text, bool is_error) {
  return content_result(json::array{text_block(text)}, is_error);
}

json::object definition(std::string_view text) {
  boost::system::error_code ec;
  auto value = json::parse(text, ec);
  if (ec || !value.is_object()) throw std::logic_error("fixture definition is not a JSON object: " + std::string(text));
  return std::move(value.as_object());
}

void must_add_tool(Catalog& catalog, std::string_view definition_json, CatalogBody body) {
  auto added = catalog.add_tool(CatalogTool{definition(definition_json), std::move(body)});
  if (!added) throw std::logic_error("conformance fixture: " + added.error());
}

asio::awaitable<void> pause(std::chrono::milliseconds delay) {
  asio::steady_timer timer(co_await asio::this_coro::executor, delay);
  co_await timer.async_wait(asio::use_awaitable);
}

}  // namespace toolgate::mcp::fixture
