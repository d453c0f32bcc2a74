// The fixture upstream the official MCP conformance suite (0.1.16) drives: every tool, resource,
// template, prompt and completion its server scenarios call, built on toolgate's own Catalog.
#pragma once

#include <memory>

#include "mcp/server/catalog.hpp"

namespace toolgate::mcp::fixture {

// A fresh catalog; share it between sessions (each gets its own handler via make_handler()).
// Throws std::logic_error when an entry fails to register: that is a bug in the fixture itself.
std::shared_ptr<Catalog> make_conformance_catalog();

}  // namespace toolgate::mcp::fixture
