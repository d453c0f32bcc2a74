-- wrk script for bench/gateway_overhead.sh: POSTs the JSON body in $BENCH_BODY_FILE on every request
-- and prints one machine-readable result line, so the harness never parses wrk's rounded human output.

local path = os.getenv("BENCH_BODY_FILE")
if not path then
  error("BENCH_BODY_FILE is not set")
end
local file = assert(io.open(path, "rb"))
local body = file:read("*a")
file:close()

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"

-- Latency values are wrk's own microsecond samples; percentiles are exact rather than the
-- two-decimal strings of --latency. status counts responses >= 400 (wrk's "Non-2xx or 3xx").
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
    "connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
