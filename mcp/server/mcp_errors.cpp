#include "mcp/server/mcp_errors.hpp"

#include <boost/json.hpp>

namespace toolgate::mcp {

Reply resource_not_found(std::string_view uri) {
  boost::json::object data{{"uri", uri}};
  return Reply::error(mcp_code::resource_not_found, "resource not found: " + std::string(uri),
                      boost::json::serialize(data));
}

}  // namespace toolgate::mcp
