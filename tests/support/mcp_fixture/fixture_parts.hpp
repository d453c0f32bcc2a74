// Internal to the conformance fixture: the families of entries make_conformance_catalog() assembles
// (one file each) and the content blocks and helpers they share.
#pragma once

#include <chrono>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "mcp/server/catalog.hpp"

namespace toolgate::mcp::fixture {

void add_content_tools(Catalog& catalog);  // content_tools.cpp: fixed results, logging, progress, errors
void add_client_tools(Catalog& catalog);   // client_tools.cpp: sampling and elicitation round trips
void add_resources(Catalog& catalog);      // resources.cpp: static resources and the template
void add_prompts(Catalog& catalog);        // prompts.cpp: prompts and the completer

// A 1x1 red PNG and a 1 ms silent 8 kHz WAV, base64: the smallest payloads the suite accepts as real media.
inline constexpr std::string_view kRedPixelPng =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR42mP4z8AAAAMBAQD3A0FDAAAAAElFTkSuQmCC";
inline constexpr std::string_view kSilentWav =
    "UklGRiwAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQgAAACAgICAgICAgA==";

boost::json::object text_block(std::string_view text);
boost::json::object image_block();
// {"type":"resource","resource":{uri, mimeType, text}}
boost::json::object embedded_text_resource(std::string_view uri, std::string_view mime_type, std::string_view text);

// A CallToolResult from its content blocks.
Reply content_result(boost::json::array content, bool is_error = false);
Reply text_result(std::string_view text, bool is_error = false);

// Parses a definition written as JSON text in the source; the text is ours, so a parse failure is a bug.
boost::json::object definition(std::string_view json);

// Registers a tool; a schema that does not compile is a fixture bug and aborts start-up.
void must_add_tool(Catalog& catalog, std::string_view definition_json, CatalogBody body);

// Waits on the executor the body runs on; cancelled with the request.
boost::asio::awaitable<void> pause(std::chrono::milliseconds delay);

}  // namespace toolgate::mcp::fixture
