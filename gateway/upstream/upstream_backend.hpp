// A Backend that forwards chat requests to an OpenAI-compatible server (vLLM, SGLang, Z.AI,
// OpenAI) and turns its SSE or JSON reply back into the neutral event stream.
#pragma once

#include <memory>
#include <string_view>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "gateway/backends/backend.hpp"
#include "gateway/upstream/upstream_options.hpp"
#include "net/http_client.hpp"

namespace toolgate::gateway::upstream {

class UpstreamBackend final : public Backend {
 public:
  UpstreamBackend(boost::asio::any_io_executor ex, std::shared_ptr<net::HttpClient> client,
                  UpstreamOptions options);

  std::string_view name() const override { return options_.name; }

  // POSTs {base_url.path}/chat/completions with only the configured key. Retries (backoff
  // 100ms·2^n) on connect failures, first-byte timeouts and 429/500/502/503/504, never after an
  // event went out. Returns early without a terminal event when the consumer closed `out`; the
  // upstream connection is then dropped, which cancels the upstream's work.
  boost::asio::awaitable<void> generate(const BackendCall& call, EventChannel& out) override;

 private:
  std::shared_ptr<net::HttpClient> client_;
  UpstreamOptions options_;
};

}  // namespace toolgate::gateway::upstream
