#include "schemas/json/json_parse.hpp"

#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace toolgate::schemas {

simdjson::error_code parse_json(simdjson::dom::parser& parser, std::string_view text, simdjson::dom::element& out) {
  auto ec = parser.parse(text.data(), text.size()).get(out);
  if (ec != simdjson::NUMBER_ERROR) return ec;
  boost::system::error_code json_ec;
  boost::json::value value = boost::json::parse(text, json_ec);
  if (json_ec) return ec;
  const std::string normalized = boost::json::serialize(value);
  return parser.parse(normalized).get(out);
}

}  // namespace toolgate::schemas
