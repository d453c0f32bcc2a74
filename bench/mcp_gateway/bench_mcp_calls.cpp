// bench_mcp_calls: MCP tools/call load generator over Streamable HTTP. Opens C independent sessions, each
// calling one tool back to back, and prints one JSON line: calls/s, latency percentiles, errors, own CPU.
//
// Usage: bench_mcp_calls --url URL --tool NAME [--args JSON] [--concurrency C] [--seconds S] [--warmup S]
//                        [--threads T] [--client raw|session] [--expect TEXT] [--timeout-ms MS] [--label TEXT]
//                        [--watch-pid PID ...]
// All sessions connect (initialize) before the clock starts; then every session calls for warmup + S
// seconds, and calls that complete inside the last S seconds are counted. A call is an error when the
// reply is a JSON-RPC error, a result with "isError":true, or (with --expect) a result not containing TEXT.
// --client raw (the default) sends plain POSTs (raw_session.hpp); --client session goes through toolgate's
// MCP client library (ClientSession + StreamableHttpClient), which costs more client CPU per call.
// Sessions are spread round-robin over T threads, each with its own single-threaded io_context and
// HTTP connection pool. --watch-pid (repeatable) names the server processes behind the URL: the CPU time
// their process trees spend during the window (server_cpu_us_per_call) and their RSS at its end are
// reported too. Exit status 0 when every call and connect succeeded, 1 otherwise, 2 on usage.
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "bench/mcp_gateway/proc_tree.hpp"
#include "bench/mcp_gateway/raw_session.hpp"
#include "mcp/client/client_session.hpp"
#include "mcp/transport/streamable_http_client.hpp"
#include "net/http_client.hpp"
#include "net/url.hpp"

namespace toolgate::bench {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;
using TransportResult = boost::system::result<std::shared_ptr<mcp::Transport>, std::string>;

struct Options {
  std::string url;
  std::string tool;
  std::string args_json = "{}";
  std::size_t concurrency = 1;
  double seconds = 5;
  double warmup = 1;
  std::size_t threads = 1;
  std::string expect;
  std::int64_t timeout_ms = 10'000;
  std::string label;
  std::vector<int> watch_pids;
  std::string client = "raw";
};

constexpr std::string_view usage =
    "usage: bench_mcp_calls --url URL --tool NAME [--args JSON] [--concurrency C] [--seconds S] [--warmup S]\n"
    "                       [--threads T] [--client raw|session] [--expect TEXT] [--timeout-ms MS] [--label TEXT]\n"
    "                       [--watch-pid PID ...]\n";

template <typename T>
bool parse_number(std::string_view text, T& out, T minimum) {
  T value{};
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value < minimum) return false;
  out = value;
  return true;
}

std::optional<Options> parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view arg = argv[i];
    const std::string_view value = argv[i + 1];
    bool ok = true;
    if (arg == "--url") o.url = value;
    else if (arg == "--tool") o.tool = value;
    else if (arg == "--args") o.args_json = value;
    else if (arg == "--concurrency") ok = parse_number<std::size_t>(value, o.concurrency, 1);
    else if (arg == "--seconds") ok = parse_number<double>(value, o.seconds, 0.1);
    else if (arg == "--warmup") ok = parse_number<double>(value, o.warmup, 0.0);
    else if (arg == "--threads") ok = parse_number<std::size_t>(value, o.threads, 1);
    else if (arg == "--expect") o.expect = value;
    else if (arg == "--timeout-ms") ok = parse_number<std::int64_t>(value, o.timeout_ms, 1);
    else if (arg == "--label") o.label = value;
    else if (arg == "--client") ok = (o.client = value) == "raw" || o.client == "session";
    else if (arg == "--watch-pid") ok = parse_number<int>(value, o.watch_pids.emplace_back(), 1);
    else ok = false;
    if (!ok) return std::nullopt;
  }
  if (argc % 2 == 0 || o.url.empty() || o.tool.empty()) return std::nullopt;
  return o;
}

// Counters every session adds to; the window bounds are set once by the main thread before `started`.
struct Shared {
  std::atomic<std::size_t> connected{0};
  std::atomic<std::size_t> finished{0};
  std::atomic<std::size_t> connect_errors{0};
  std::atomic<std::size_t> errors{0};          // failed calls completing in the window
  std::atomic<std::size_t> warmup_errors{0};   // failed calls completing before it
  std::atomic<bool> started{false};
  std::atomic<bool> sampled{false};            // the servers' usage at the window's end has been read
  Clock::time_point window_start;
  Clock::time_point window_end;
  std::mutex first_error_mutex;
  std::string first_error;

  void note_error(std::string message) {
    std::lock_guard lock(first_error_mutex);
    if (first_error.empty()) first_error = std::move(message);
  }
};

// One load thread: its io_context, its connection pool, and the latencies its sessions measured.
struct Worker {
  asio::io_context ioc{1};
  std::shared_ptr<net::HttpClient> http = std::make_shared<net::HttpClient>(ioc.get_executor(), nullptr);
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard{ioc.get_executor()};
  std::vector<std::int64_t> latencies_ns;  // touched only by this worker's thread until it is joined
  std::thread thread;
};

// Calls through toolgate's own MCP client library: ClientSession over StreamableHttpClient, the path
// toolgate uses to reach HTTP upstreams (with its standalone GET stream and per-call bookkeeping).
class LibraryCaller {
 public:
  static asio::awaitable<boost::system::result<std::unique_ptr<LibraryCaller>, std::string>> open(const Options& options,
                                                                                                 Worker& worker) {
    using R = boost::system::result<std::unique_ptr<LibraryCaller>, std::string>;
    const auto ex = worker.ioc.get_executor();
    mcp::StreamableHttpClientOptions transport_options;
    transport_options.endpoint = *net::parse_url(options.url);  // checked in run()
    auto http = worker.http;
    mcp::TransportFactory factory = [ex, http, transport_options](mcp::Inbound inbound) -> TransportResult {
      return TransportResult(
          std::make_shared<mcp::StreamableHttpClient>(ex, http, transport_options, std::move(inbound)));
    };
    mcp::ClientOptions client_options;
    client_options.client_info_json = R"({"name":"bench_mcp_calls","version":"0"})";
    client_options.initialize_timeout = std::chrono::milliseconds(options.timeout_ms);
    auto connecting = mcp::ClientSession::connect(ex, std::move(factory), mcp::PeerHandlers{}, client_options);
    auto connected = co_await std::move(connecting);
    if (!connected) co_return R(boost::system::in_place_error, connected.error());
    co_return R(std::unique_ptr<LibraryCaller>(new LibraryCaller(*connected, options.timeout_ms)));
  }

  asio::awaitable<std::string> call(const std::string& params, const std::string& expect) {
    std::string call_params = params;
    auto calling = session_->call("tools/call", std::move(call_params), call_options_);
    const auto reply = co_await std::move(calling);
    if (!reply.ok()) co_return "error " + std::to_string(reply.error().code) + ": " + reply.error().message;
    const std::string& result = reply.result_json();
    if (result.find("\"isError\":true") != std::string::npos) co_return "isError result: " + result.substr(0, 300);
    if (!expect.empty() && result.find(expect) == std::string::npos) {
      co_return "result without the expected text: " + result.substr(0, 300);
    }
    co_return std::string();
  }

  bool closed() const { return session_->closed(); }
  asio::awaitable<void> close() {
    session_->close();
    co_return;
  }

 private:
  LibraryCaller(std::shared_ptr<mcp::ClientSession> session, std::int64_t timeout_ms) : session_(std::move(session)) {
    call_options_.timeout = std::chrono::milliseconds(timeout_ms);
  }

  std::shared_ptr<mcp::ClientSession> session_;
  mcp::CallOptions call_options_;
};

// Calls through RawSession: plain POSTs, the least client CPU per call.
class RawCaller {
 public:
  static asio::awaitable<boost::system::result<std::unique_ptr<RawCaller>, std::string>> open(const Options& options,
                                                                                             Worker& worker) {
    using R = boost::system::result<std::unique_ptr<RawCaller>, std::string>;
    auto opening = RawSession::open(worker.http, *net::parse_url(options.url), std::chrono::milliseconds(options.timeout_ms));
    auto opened = co_await std::move(opening);
    if (!opened) co_return R(boost::system::in_place_error, opened.error());
    co_return R(std::unique_ptr<RawCaller>(new RawCaller(std::move(*opened))));
  }

  asio::awaitable<std::string> call(const std::string& params, const std::string& expect) {
    return session_->call(params, expect);
  }
  bool closed() const { return false; }
  asio::awaitable<void> close() { return session_->close(); }

 private:
  explicit RawCaller(std::unique_ptr<RawSession> session) : session_(std::move(session)) {}
  std::unique_ptr<RawSession> session_;
};

// Waits for the common start, calls back to back until the window ends, records what completed inside it.
template <typename Caller>
asio::awaitable<void> drive(Caller& caller, const Options& options, const std::string& params, Shared& shared,
                            Worker& worker) {
  asio::steady_timer timer(worker.ioc);
  while (!shared.started.load(std::memory_order_acquire)) {
    timer.expires_after(std::chrono::milliseconds(1));
    co_await timer.async_wait(asio::use_awaitable);
  }
  const auto window_start = shared.window_start;
  const auto window_end = shared.window_end;
  while (Clock::now() < window_end && !caller.closed()) {
    const auto begin = Clock::now();
    auto calling = caller.call(params, options.expect);
    const std::string failure = co_await std::move(calling);
    const auto end = Clock::now();
    if (end < window_start) {
      if (!failure.empty()) {
        shared.warmup_errors.fetch_add(1);
        shared.note_error("warm-up call: " + failure);
      }
    } else if (end <= window_end) {
      if (failure.empty()) {
        worker.latencies_ns.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(end - begin).count());
      } else {
        shared.errors.fetch_add(1);
        shared.note_error(failure);
      }
    }
  }
  if (caller.closed() && Clock::now() < window_end) {
    shared.errors.fetch_add(1);
    shared.note_error("session closed by the server before the end of the run");
  }
  // Closing ends the session's upstream child on the server side: not before its usage has been read.
  while (!shared.sampled.load(std::memory_order_acquire)) {
    timer.expires_after(std::chrono::milliseconds(1));
    co_await timer.async_wait(asio::use_awaitable);
  }
  auto closing = caller.close();
  co_await std::move(closing);
}

template <typename Caller>
asio::awaitable<void> run_session(const Options& options, const std::string& params, Shared& shared, Worker& worker) {
  auto opening = Caller::open(options, worker);
  auto opened = co_await std::move(opening);
  if (!opened) {
    shared.connect_errors.fetch_add(1);
    shared.note_error("connect: " + opened.error());
    shared.connected.fetch_add(1);
    shared.finished.fetch_add(1);
    co_return;
  }
  auto caller = std::move(*opened);
  shared.connected.fetch_add(1);
  auto driving = drive(*caller, options, params, shared, worker);
  co_await std::move(driving);
  shared.finished.fetch_add(1);
}

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Nearest-rank percentile of sorted samples, in microseconds.
double percentile_us(const std::vector<std::int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  return static_cast<double>(sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1]) / 1000.0;
}

// Waits (bounded) until `counter` reaches `target`; false on timeout.
bool wait_for_count(const std::atomic<std::size_t>& counter, std::size_t target, Clock::time_point deadline) {
  while (counter.load() < target) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

// One flat JSON object, numbers written with a fixed number of decimals (Boost.JSON would print 1.2E3).
class JsonLine {
 public:
  void add(std::string_view key, std::string_view value) { field(key) += json::serialize(json::string(value)); }
  void add(std::string_view key, const char* value) { add(key, std::string_view(value)); }
  void add(std::string_view key, bool value) { field(key) += value ? "true" : "false"; }
  void add(std::string_view key, std::uint64_t value) { field(key) += std::to_string(value); }
  void add(std::string_view key, double value, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    field(key) += buffer;
  }
  std::string text() const { return text_ + "}"; }

 private:
  std::string& field(std::string_view key) {
    text_ += text_.size() == 1 ? "" : ",";
    text_ += json::serialize(json::string(key));
    return text_ += ":";
  }
  std::string text_ = "{";
};

int run(const Options& options) {
  boost::system::error_code ec;
  auto arguments = json::parse(options.args_json, ec);
  if (ec || !arguments.is_object()) {
    std::fprintf(stderr, "bench_mcp_calls: --args must be a JSON object, got: %s\n", options.args_json.c_str());
    return 2;
  }
  if (!net::parse_url(options.url)) {
    std::fprintf(stderr, "bench_mcp_calls: cannot use URL '%s'\n", options.url.c_str());
    return 2;
  }
  const std::string params = json::serialize(json::object{{"name", options.tool}, {"arguments", arguments}});

  Shared shared;
  const std::size_t thread_count = std::min(options.threads, options.concurrency);
  std::vector<std::unique_ptr<Worker>> workers;
  for (std::size_t t = 0; t < thread_count; ++t) workers.push_back(std::make_unique<Worker>());
  for (std::size_t s = 0; s < options.concurrency; ++s) {
    Worker& worker = *workers[s % thread_count];
    if (options.client == "raw") {
      asio::co_spawn(worker.ioc, run_session<RawCaller>(options, params, shared, worker), asio::detached);
    } else {
      asio::co_spawn(worker.ioc, run_session<LibraryCaller>(options, params, shared, worker), asio::detached);
    }
  }
  for (auto& worker : workers) {
    worker->thread = std::thread([w = worker.get()] { w->ioc.run(); });
  }

  const auto connect_deadline = Clock::now() + std::chrono::milliseconds(options.timeout_ms) + std::chrono::seconds(5);
  const bool all_connected = wait_for_count(shared.connected, options.concurrency, connect_deadline);
  const auto warmup = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.warmup));
  const auto length = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.seconds));
  shared.window_start = Clock::now() + warmup;
  shared.window_end = shared.window_start + length;
  shared.started.store(true, std::memory_order_release);

  std::this_thread::sleep_until(shared.window_start);
  const double cpu_start = cpu_seconds();
  const TreeUsage server_start = tree_usage(options.watch_pids);
  std::this_thread::sleep_until(shared.window_end);
  const double cpu_end = cpu_seconds();
  const TreeUsage server_end = tree_usage(options.watch_pids);
  shared.sampled.store(true, std::memory_order_release);
  const bool all_finished = wait_for_count(shared.finished, options.concurrency,
                                           shared.window_end + std::chrono::milliseconds(options.timeout_ms) +
                                               std::chrono::seconds(5));

  // Sessions DELETE themselves on close; give that a bounded moment, then stop whatever is left.
  for (auto& worker : workers) worker->guard.reset();
  const auto grace_end = Clock::now() + std::chrono::seconds(3);
  for (auto& worker : workers) {
    while (!worker->ioc.stopped() && Clock::now() < grace_end) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    worker->ioc.stop();
  }
  for (auto& worker : workers) worker->thread.join();

  std::vector<std::int64_t> latencies;
  for (auto& worker : workers) latencies.insert(latencies.end(), worker->latencies_ns.begin(), worker->latencies_ns.end());
  std::sort(latencies.begin(), latencies.end());
  double sum_ns = 0;
  for (auto v : latencies) sum_ns += static_cast<double>(v);

  const std::size_t errors = shared.errors.load() + shared.warmup_errors.load() + shared.connect_errors.load() +
                             (all_connected ? 0 : 1) + (all_finished ? 0 : 1);
  const double calls = static_cast<double>(latencies.size());
  JsonLine line;
  line.add("label", options.label);
  line.add("url", options.url);
  line.add("tool", options.tool);
  line.add("concurrency", std::uint64_t{options.concurrency});
  line.add("client", options.client);
  line.add("threads", std::uint64_t{thread_count});
  line.add("seconds", options.seconds, 3);
  line.add("warmup", options.warmup, 3);
  line.add("calls", std::uint64_t{latencies.size()});
  line.add("calls_per_s", calls / options.seconds, 1);
  line.add("mean_us", latencies.empty() ? 0.0 : sum_ns / calls / 1000.0, 1);
  line.add("p50_us", percentile_us(latencies, 50), 1);
  line.add("p90_us", percentile_us(latencies, 90), 1);
  line.add("p99_us", percentile_us(latencies, 99), 1);
  line.add("max_us", latencies.empty() ? 0.0 : static_cast<double>(latencies.back()) / 1000.0, 1);
  line.add("errors", std::uint64_t{shared.errors.load()});
  line.add("warmup_errors", std::uint64_t{shared.warmup_errors.load()});
  line.add("connect_errors", std::uint64_t{shared.connect_errors.load()});
  line.add("all_connected", all_connected);
  line.add("all_finished", all_finished);
  line.add("client_cpu", (cpu_end - cpu_start) / options.seconds, 3);
  if (!options.watch_pids.empty()) {
    const double server_cpu = server_end.cpu_seconds - server_start.cpu_seconds;
    line.add("server_cpu", server_cpu / options.seconds, 3);
    line.add("server_cpu_us_per_call", latencies.empty() ? 0.0 : server_cpu * 1e6 / calls, 1);
    line.add("server_rss_kb", std::uint64_t{server_end.rss_kb});
    line.add("server_processes", std::uint64_t{server_end.processes});
  }
  if (!shared.first_error.empty()) line.add("first_error", std::string_view(shared.first_error));
  const std::string text = line.text();
  std::printf("%s\n", text.c_str());
  std::fflush(stdout);
  return errors == 0 ? 0 : 1;
}

}  // namespace
}  // namespace toolgate::bench

int main(int argc, char** argv) {
  auto options = toolgate::bench::parse_options(argc, argv);
  if (!options) {
    std::fputs(toolgate::bench::usage.data(), stderr);
    return 2;
  }
  return toolgate::bench::run(*options);
}
