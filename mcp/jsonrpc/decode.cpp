#include <simdjson.h>

#include "mcp/jsonrpc/codec.hpp"
#include "schemas/json/json_parse.hpp"

namespace toolgate::mcp::jsonrpc {

namespace {

using simdjson::dom::element_type;

Error reject(std::optional<Id> id, std::string message) {
  return Error{std::move(id), code::invalid_request, std::move(message), std::nullopt};
}

enum class IdState { absent, present, null, malformed };

// MCP narrows JSON-RPC ids to strings and integers; null, fractions and out-of-range numbers are refused.
IdState read_id(simdjson::dom::object object, Id& id, std::string& why) {
  simdjson::dom::element value;
  if (object.at_key("id").get(value) != simdjson::SUCCESS) return IdState::absent;
  switch (value.type()) {
    case element_type::INT64:
      id = value.get_int64().value_unsafe();
      return IdState::present;
    case element_type::STRING:
      id = std::string(value.get_string().value_unsafe());
      return IdState::present;
    case element_type::NULL_VALUE:
      why = "\"id\" must not be null";
      return IdState::null;
    case element_type::UINT64:
      why = "\"id\" is out of the 64-bit integer range";
      return IdState::malformed;
    default:
      why = "\"id\" must be a string or an integer";
      return IdState::malformed;
  }
}

std::variant<Message, Error> decode_error_member(simdjson::dom::element error, std::optional<Id> id) {
  simdjson::dom::object object;
  if (error.get(object) != simdjson::SUCCESS) return reject(std::move(id), "\"error\" must be an object");
  std::int64_t error_code = 0;
  std::string_view message;
  if (object.at_key("code").get(error_code) != simdjson::SUCCESS) {
    return reject(std::move(id), "\"error.code\" must be an integer");
  }
  if (object.at_key("message").get(message) != simdjson::SUCCESS) {
    return reject(std::move(id), "\"error.message\" must be a string");
  }
  Error out{std::move(id), error_code, std::string(message), std::nullopt};
  simdjson::dom::element data;
  if (object.at_key("data").get(data) == simdjson::SUCCESS) out.data = simdjson::minify(data);
  return Message(std::move(out));
}

std::variant<Message, Error> decode_one(simdjson::dom::element element) {
  simdjson::dom::object object;
  if (element.get(object) != simdjson::SUCCESS) return reject(std::nullopt, "a JSON-RPC message must be an object");
  Id id;
  std::string why;
  const IdState id_state = read_id(object, id, why);
  std::optional<Id> known_id;
  if (id_state == IdState::present) known_id = id;
  std::string_view version;
  if (object.at_key("jsonrpc").get(version) != simdjson::SUCCESS || version != "2.0") {
    return reject(known_id, "\"jsonrpc\" must be \"2.0\"");
  }
  if (id_state == IdState::malformed) return reject(std::nullopt, why);
  // JSON-RPC answers a message whose id it could not read with an error whose id is null.
  if (id_state == IdState::null && object.at_key("error").error() != simdjson::SUCCESS) {
    return reject(std::nullopt, why);
  }

  simdjson::dom::element method_value;
  if (object.at_key("method").get(method_value) == simdjson::SUCCESS) {
    std::string_view method;
    if (method_value.get(method) != simdjson::SUCCESS || method.empty()) {
      return reject(known_id, "\"method\" must be a non-empty string");
    }
    if (object.at_key("result").error() == simdjson::SUCCESS || object.at_key("error").error() == simdjson::SUCCESS) {
      return reject(known_id, "a request cannot carry \"result\" or \"error\"");
    }
    std::optional<std::string> params;
    simdjson::dom::element params_value;
    if (object.at_key("params").get(params_value) == simdjson::SUCCESS) {
      if (params_value.type() != element_type::OBJECT) return reject(known_id, "\"params\" must be an object");
      params = simdjson::minify(params_value);
    }
    if (id_state == IdState::absent) return Message(Notification{std::string(method), std::move(params)});
    return Message(Request{std::move(id), std::string(method), std::move(params)});
  }

  simdjson::dom::element result;
  simdjson::dom::element error;
  const bool has_result = object.at_key("result").get(result) == simdjson::SUCCESS;
  const bool has_error = object.at_key("error").get(error) == simdjson::SUCCESS;
  if (has_result == has_error) {
    return reject(known_id, has_result ? "a response carries either \"result\" or \"error\", not both"
                                       : "a message needs \"method\", \"result\" or \"error\"");
  }
  if (has_error) return decode_error_member(error, known_id);
  if (id_state == IdState::absent) return reject(std::nullopt, "a result needs the \"id\" of its request");
  return Message(Result{std::move(id), simdjson::minify(result)});
}

void add(Decoded& out, std::variant<Message, Error> decoded) {
  if (auto* message = std::get_if<Message>(&decoded)) {
    out.messages.push_back(std::move(*message));
  } else {
    out.rejects.push_back(std::move(std::get<Error>(decoded)));
  }
}

}  // namespace

Decoded decode(std::string_view text, const DecodeOptions& options) {
  Decoded out;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto ec = schemas::parse_json(parser, text, root); ec != simdjson::SUCCESS) {
    out.rejects.push_back(Error{std::nullopt, code::parse_error,
                                std::string("Parse error: ") + simdjson::error_message(ec), std::nullopt});
    return out;
  }
  simdjson::dom::array batch;
  if (root.get(batch) != simdjson::SUCCESS) {
    add(out, decode_one(root));
    return out;
  }
  out.batch = true;
  if (!options.allow_batch) {
    out.rejects.push_back(reject(std::nullopt, "JSON-RPC batches are not part of the negotiated MCP revision"));
    return out;
  }
  if (batch.size() == 0) {
    out.rejects.push_back(reject(std::nullopt, "a batch must not be empty"));
    return out;
  }
  if (batch.size() > options.max_batch) {
    out.rejects.push_back(reject(std::nullopt, "a batch holds at most " + std::to_string(options.max_batch) + " messages"));
    return out;
  }
  for (simdjson::dom::element item : batch) add(out, decode_one(item));
  return out;
}

}  // namespace toolgate::mcp::jsonrpc
