// In-process transports: messages go straight into the other side's Inbound, in order.
// Used by tests, and by in-process servers that need no wire at all.
#pragma once

#include <memory>

#include "mcp/session/peer.hpp"

namespace toolgate::mcp {

// A transport whose sends are delivered to `to`; closing it reports closed() to `to` once.
std::shared_ptr<Transport> make_inbound_transport(Inbound to);

// Attaches `a` and `b` to each other. Closing either side closes both.
void connect_in_memory(const std::shared_ptr<Peer>& a, PeerHandlers a_handlers, const std::shared_ptr<Peer>& b,
                       PeerHandlers b_handlers);

}  // namespace toolgate::mcp
