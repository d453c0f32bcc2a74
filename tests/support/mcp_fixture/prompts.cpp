// The conformance prompts (plain, with arguments, with an embedded resource, with an image) and the
// completer behind completion/complete for the prompt arguments and the resource template's {id}.
#include <array>
#include <cctype>

#include <boost/json.hpp>

#include "mcp/jsonrpc/message.hpp"
#include "tests/support/mcp_fixture/fixture_parts.hpp"

namespace toolgate::mcp::fixture {

namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using jsonrpc::code::invalid_params;

json::object user_message(json::object content) {
  return json::object{{"role", "user"}, {"content", std::move(content)}};
}

Reply prompt_result(std::string_view description, json::array messages) {
  json::object result{{"description", description}, {"messages", std::move(messages)}};
  return Reply::result(json::serialize(result));
}

// Prompt arguments are strings by the spec; anything else is shown as its JSON so it is still visible.
std::string argument_text(const json::object& arguments, std::string_view name) {
  const auto* value = arguments.if_contains(name);
  if (!value) return {};
  if (const auto* text = value->if_string()) return std::string(*text);
  return json::serialize(*value);
}

// prompts-get-simple
asio::awaitable<Reply> simple_prompt(CatalogCall&) {
  co_return prompt_result("A simple prompt without arguments",
                          json::array{user_message(text_block("This is a simple prompt for testing."))});
}

// prompts-get-with-args: both arguments substituted into the one message.
asio::awaitable<Reply> prompt_with_arguments(CatalogCall& call) {
  const std::string text = "Prompt with arguments: arg1='" + argument_text(call.arguments, "arg1") + "', arg2='" +
                           argument_text(call.arguments, "arg2") + "'";
  co_return prompt_result("A prompt with required arguments", json::array{user_message(text_block(text))});
}

// prompts-get-embedded-resource: the resource carries the URI the caller named.
asio::awaitable<Reply> prompt_with_embedded_resource(CatalogCall& call) {
  const std::string uri = argument_text(call.arguments, "resourceUri");
  co_return prompt_result(
      "A prompt that embeds a resource",
      json::array{user_message(embedded_text_resource(uri, "text/plain", "Embedded resource content for testing.")),
                  user_message(text_block("Please process the embedded resource above."))});
}

// prompts-get-with-image
asio::awaitable<Reply> prompt_with_image(CatalogCall&) {
  co_return prompt_result("A prompt that includes an image",
                          json::array{user_message(image_block()),
                                      user_message(text_block("Please analyze the image above."))});
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (prefix.size() > text.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

constexpr std::array<std::string_view, 5> kArg1Values = {"paris", "park", "party", "test", "testing"};
constexpr std::array<std::string_view, 3> kArg2Values = {"world", "wonder", "workshop"};
constexpr std::array<std::string_view, 4> kTemplateIds = {"1", "2", "3", "123"};

// The candidates for one argument of one reference; an empty list for arguments without suggestions.
std::vector<std::string_view> candidates(std::string_view ref_type, std::string_view ref_name,
                                         std::string_view argument) {
  if (ref_type == "ref/prompt" && ref_name == "test_prompt_with_arguments") {
    if (argument == "arg1") return {kArg1Values.begin(), kArg1Values.end()};
    if (argument == "arg2") return {kArg2Values.begin(), kArg2Values.end()};
  }
  if (ref_type == "ref/resource" && ref_name == "test://template/{id}/data" && argument == "id") {
    return {kTemplateIds.begin(), kTemplateIds.end()};
  }
  return {};
}

bool has_member(const json::object& definition, std::string_view key, std::string_view value) {
  const auto* member = definition.if_contains(key);
  return member && member->is_string() && member->as_string() == value;
}

bool known_reference(const Catalog& catalog, std::string_view ref_type, std::string_view ref_name) {
  if (ref_type == "ref/prompt") {
    for (const auto& prompt : catalog.prompts()) {
      if (has_member(prompt.definition, "name", ref_name)) return true;
    }
  } else if (ref_type == "ref/resource") {
    for (const auto& entry : catalog.templates()) {
      if (has_member(entry.definition, "uriTemplate", ref_name)) return true;
    }
    for (const auto& entry : catalog.resources()) {
      if (has_member(entry.definition, "uri", ref_name)) return true;
    }
  }
  return false;
}

const json::string* string_at(const json::object* object, std::string_view key) {
  const auto* value = object ? object->if_contains(key) : nullptr;
  return value ? value->if_string() : nullptr;
}

// completion/complete: prefix matches (case-insensitive) among fixed candidates; -32602 for a malformed
// request or a reference the catalog does not have.
Reply complete(const Catalog& catalog, const json::object& params) {
  const auto* ref = params.if_contains("ref") ? params.at("ref").if_object() : nullptr;
  const auto* argument = params.if_contains("argument") ? params.at("argument").if_object() : nullptr;
  const auto* ref_type = string_at(ref, "type");
  const auto* ref_name = string_at(ref, ref_type && *ref_type == "ref/resource" ? "uri" : "name");
  const auto* name = string_at(argument, "name");
  const auto* value = string_at(argument, "value");
  if (!ref_type || !ref_name) {
    return Reply::error(invalid_params,
                        "completion/complete: \"params.ref\" needs a type and a name (ref/prompt) or a uri "
                        "(ref/resource)");
  }
  if (!name || !value) {
    return Reply::error(invalid_params, "completion/complete: \"params.argument\" needs string \"name\" and \"value\"");
  }
  if (!known_reference(catalog, *ref_type, *ref_name)) {
    return Reply::error(invalid_params,
                        "completion/complete: no " + std::string(*ref_type) + " named " + std::string(*ref_name));
  }
  json::array values;
  for (auto candidate : candidates(*ref_type, *ref_name, *name)) {
    if (starts_with_ignoring_case(candidate, *value)) values.emplace_back(candidate);
  }
  const auto total = values.size();
  json::object completion{{"values", std::move(values)}, {"total", total}, {"hasMore", false}};
  return Reply::result(json::serialize(json::object{{"completion", std::move(completion)}}));
}

}  // namespace

void add_prompts(Catalog& catalog) {
  catalog.add_prompt(CatalogPrompt{
      definition(R"({"name": "test_simple_prompt", "description": "A simple prompt without arguments"})"),
      simple_prompt});
  catalog.add_prompt(CatalogPrompt{definition(R"({
    "name": "test_prompt_with_arguments", "description": "A prompt with required arguments",
    "arguments": [{"name": "arg1", "description": "First test argument", "required": true},
                  {"name": "arg2", "description": "Second test argument", "required": true}]})"),
                                   prompt_with_arguments});
  catalog.add_prompt(CatalogPrompt{definition(R"({
    "name": "test_prompt_with_embedded_resource", "description": "A prompt that embeds a resource",
    "arguments": [{"name": "resourceUri", "description": "URI of the resource to embed", "required": true}]})"),
                                   prompt_with_embedded_resource});
  catalog.add_prompt(CatalogPrompt{
      definition(R"({"name": "test_prompt_with_image", "description": "A prompt that includes an image"})"),
      prompt_with_image});
  // The completer only reads the catalog's definitions, which are fixed once make_conformance_catalog
  // returns; a raw pointer avoids a shared_ptr cycle through the catalog's own member.
  const Catalog* self = &catalog;
  catalog.set_completer([self](const json::object& params) { return complete(*self, params); });
}

}  // namespace toolgate::mcp::fixture
