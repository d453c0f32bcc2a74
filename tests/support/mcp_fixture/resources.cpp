// The conformance resources: a text and a binary resource, the resource clients subscribe to, and the
// template test://template/{id}/data whose reads echo the id they were asked for.
#include <boost/json.hpp>

#include "tests/support/mcp_fixture/fixture_parts.hpp"

namespace toolgate::mcp::fixture {

namespace {

namespace asio = boost::asio;
namespace json = boost::json;

constexpr std::string_view kTemplatePrefix = "test://template/";
constexpr std::string_view kTemplateSuffix = "/data";

Reply contents(json::object content) {
  json::object result{{"contents", json::array{std::move(content)}}};
  return Reply::result(json::serialize(result));
}

// resources-read-text
asio::awaitable<Reply> static_text(CatalogCall& call) {
  co_return contents(json::object{
      {"uri", call.uri}, {"mimeType", "text/plain"}, {"text", "This is the content of the static text resource."}});
}

// resources-read-binary: the same PNG the image tools return, as a blob.
asio::awaitable<Reply> static_binary(CatalogCall& call) {
  co_return contents(json::object{{"uri", call.uri}, {"mimeType", "image/png"}, {"blob", kRedPixelPng}});
}

// resources-subscribe / -unsubscribe subscribe to this one; reading it works too.
asio::awaitable<Reply> watched(CatalogCall& call) {
  co_return contents(json::object{{"uri", call.uri}, {"mimeType", "text/plain"}, {"text", "Watched resource content"}});
}

// The {id} of test://template/{id}/data: one non-empty path segment; nullopt when `uri` is not of that shape.
std::optional<std::string_view> template_id(std::string_view uri) {
  if (!uri.starts_with(kTemplatePrefix) || !uri.ends_with(kTemplateSuffix)) return std::nullopt;
  if (uri.size() <= kTemplatePrefix.size() + kTemplateSuffix.size()) return std::nullopt;
  auto id = uri.substr(kTemplatePrefix.size(), uri.size() - kTemplatePrefix.size() - kTemplateSuffix.size());
  if (id.find('/') != std::string_view::npos) return std::nullopt;
  return id;
}

// resources-templates-read: the id shows up in the content, which is how the suite sees the substitution.
asio::awaitable<Reply> template_data(CatalogCall& call) {
  const std::string id(template_id(call.uri).value_or(""));
  json::object data{{"id", id}, {"templateTest", true}, {"data", "Data for ID: " + id}};
  co_return contents(
      json::object{{"uri", call.uri}, {"mimeType", "application/json"}, {"text", json::serialize(data)}});
}

}  // namespace

void add_resources(Catalog& catalog) {
  catalog.add_resource(CatalogResource{definition(R"({
    "uri": "test://static-text", "name": "Static Text Resource",
    "description": "A static text resource for testing", "mimeType": "text/plain"})"),
                                       static_text});
  catalog.add_resource(CatalogResource{definition(R"({
    "uri": "test://static-binary", "name": "Static Binary Resource",
    "description": "A static binary resource (1x1 PNG) for testing", "mimeType": "image/png"})"),
                                       static_binary});
  catalog.add_resource(CatalogResource{definition(R"({
    "uri": "test://watched-resource", "name": "Watched Resource",
    "description": "A resource clients subscribe to for update notifications", "mimeType": "text/plain"})"),
                                       watched});
  catalog.add_template(CatalogTemplate{definition(R"({
    "uriTemplate": "test://template/{id}/data", "name": "Template Resource",
    "description": "A resource template whose content names the id it was read with",
    "mimeType": "application/json"})"),
                                       [](std::string_view uri) { return template_id(uri).has_value(); },
                                       template_data});
}

}  // namespace toolgate::mcp::fixture
