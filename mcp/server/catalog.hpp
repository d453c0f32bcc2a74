// A server's own tools, resources, resource templates and prompts, implemented in-process: the
// fixture the conformance suite drives and any built-in tool pack. Immutable once built; shared by sessions.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include "mcp/server/server_session.hpp"
#include "schemas/validator/schema.hpp"

namespace toolgate::mcp {

// What a tool, resource or prompt body sees of the request it serves.
struct CatalogCall {
  ServerSession& session;
  RequestContext& request;
  boost::json::object arguments;  // tools/call and prompts/get arguments; {} otherwise
  std::string uri;                // resources/read
  // The session's logging/setLevel severity (0 = debug: everything), read at each log() so a level set
  // while the body runs applies to it; points into the session's handler, which outlives the call.
  const int* log_threshold = nullptr;

  // notifications/progress for the caller's progressToken; nothing when the caller asked for none.
  void progress(double progress, std::optional<double> total, std::optional<std::string> message) const;
  // notifications/message, sent when `level` is at or above the session's logging/setLevel.
  void log(std::string_view level, const boost::json::value& data, std::optional<std::string> logger) const;
};

using CatalogBody = std::function<boost::asio::awaitable<Reply>(CatalogCall&)>;

struct CatalogTool {
  boost::json::object definition;  // name, description, inputSchema, outputSchema?, annotations?, ...
  CatalogBody call;                // returns a CallToolResult
};

struct CatalogResource {
  boost::json::object definition;  // uri, name, mimeType?, ...
  CatalogBody read;                // returns a ReadResourceResult
};

struct CatalogTemplate {
  boost::json::object definition;                 // uriTemplate, name, ...
  std::function<bool(std::string_view)> matches;  // whether a concrete URI belongs to this template
  CatalogBody read;
};

struct CatalogPrompt {
  boost::json::object definition;  // name, description?, arguments?: [{name, required?}]
  CatalogBody get;                 // returns a GetPromptResult
};

// completion/complete: the request's params object in, a CompleteResult out.
using Completer = std::function<Reply(const boost::json::object& params)>;

class Catalog : public std::enable_shared_from_this<Catalog> {
 public:
  struct Options {
    std::string server_info_json = R"({"name":"toolgate","version":"0"})";
    std::optional<std::string> instructions;
    std::size_t page_size = 100;  // entries per list page
  };

  static std::shared_ptr<Catalog> create(Options options);

  // Adding fails (the message names the tool and the schema keyword) when a tool's inputSchema or
  // outputSchema does not compile or its name is taken; the catalog is then unchanged.
  boost::system::result<void, std::string> add_tool(CatalogTool tool);
  void add_resource(CatalogResource resource);
  void add_template(CatalogTemplate resource_template);
  void add_prompt(CatalogPrompt prompt);
  void set_completer(Completer completer);

  // A new per-session handler serving this catalog; the catalog must outlive its sessions' use of it.
  std::unique_ptr<ServerHandler> make_handler() const;

  struct Tool {
    CatalogTool tool;
    std::string name;
    schemas::CompiledSchemaPtr input_schema;
  };
  const Options& options() const { return options_; }
  const std::vector<Tool>& tools() const { return tools_; }
  const std::vector<CatalogResource>& resources() const { return resources_; }
  const std::vector<CatalogTemplate>& templates() const { return templates_; }
  const std::vector<CatalogPrompt>& prompts() const { return prompts_; }
  const Completer& completer() const { return completer_; }

 private:
  explicit Catalog(Options options) : options_(std::move(options)) {}

  Options options_;
  std::vector<Tool> tools_;
  std::vector<CatalogResource> resources_;
  std::vector<CatalogTemplate> templates_;
  std::vector<CatalogPrompt> prompts_;
  Completer completer_;
};

}  // namespace toolgate::mcp
