// Decodes one JSON-RPC text (a message, or a batch where the negotiated MCP revision allows one)
// into typed messages, turning every malformed part into the error response it deserves.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "mcp/jsonrpc/message.hpp"

namespace toolgate::mcp::jsonrpc {

struct DecodeOptions {
  bool allow_batch = false;        // only MCP 2025-03-26 has JSON-RPC batches
  std::size_t max_batch = 256;     // messages per batch
};

struct Decoded {
  bool batch = false;                  // the text was an array
  std::vector<Message> messages;       // well-formed messages, in order
  std::vector<Error> rejects;          // error responses owed for malformed ones (id kept when readable)
};

Decoded decode(std::string_view text, const DecodeOptions& options);

// One message as compact JSON; params, results and error data are embedded as they are.
std::string encode(const Message& message);
// Several messages as one JSON array (a batch, or the responses to one).
std::string encode_batch(const std::vector<Message>& messages);

}  // namespace toolgate::mcp::jsonrpc
