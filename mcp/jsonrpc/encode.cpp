#include <boost/json/serialize.hpp>
#include <boost/json/string_view.hpp>

#include "mcp/jsonrpc/codec.hpp"

namespace toolgate::mcp::jsonrpc {

namespace {

// Strings go through Boost.JSON for escaping; params/results/data are already JSON and are embedded.
void append_string(std::string& out, std::string_view text) { out += boost::json::serialize(boost::json::string_view(text)); }

void append_id(std::string& out, const Id& id) {
  if (const auto* number = std::get_if<std::int64_t>(&id)) {
    out += std::to_string(*number);
  } else {
    append_string(out, std::get<std::string>(id));
  }
}

void append(std::string& out, const Message& message) {
  out += R"({"jsonrpc":"2.0")";
  std::visit(
      [&out](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, Request>) {
          out += R"(,"id":)";
          append_id(out, m.id);
        }
        if constexpr (std::is_same_v<T, Request> || std::is_same_v<T, Notification>) {
          out += R"(,"method":)";
          append_string(out, m.method);
          if (m.params) out.append(R"(,"params":)").append(*m.params);
        } else if constexpr (std::is_same_v<T, Result>) {
          out += R"(,"id":)";
          append_id(out, m.id);
          out.append(R"(,"result":)").append(m.result);
        } else {
          if (m.id) {
            out += R"(,"id":)";
            append_id(out, *m.id);
          }
          out.append(R"(,"error":{"code":)").append(std::to_string(m.code)).append(R"(,"message":)");
          append_string(out, m.message);
          if (m.data) out.append(R"(,"data":)").append(*m.data);
          out += '}';
        }
      },
      message);
  out += '}';
}

}  // namespace

std::string encode(const Message& message) {
  std::string out;
  append(out, message);
  return out;
}

std::string encode_batch(const std::vector<Message>& messages) {
  std::string out = "[";
  for (std::size_t i = 0; i < messages.size(); ++i) {
    if (i) out += ',';
    append(out, messages[i]);
  }
  out += ']';
  return out;
}

}  // namespace toolgate::mcp::jsonrpc
