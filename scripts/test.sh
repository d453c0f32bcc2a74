#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (unit, integration with real clients).
# TOOLGATE_SANITIZE=1 builds into build-asan/ with AddressSanitizer + UndefinedBehaviorSanitizer.
# TOOLGATE_LONG=1 (long mode) then also builds the libFuzzer targets with clang into build-fuzz/ and
# fuzzes the schema compiler and validator for TOOLGATE_FUZZ_SECONDS (default 60) each; any crash,
# hang or sanitizer report fails the run (tests/fuzz/run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --test
scripts/install-test-clients.sh

if [[ "${TOOLGATE_SANITIZE:-0}" == "1" ]]; then
  build_dir=build-asan
  scripts/build.sh "$build_dir" -DTOOLGATE_SANITIZE=ON -DTOOLGATE_CUDA=OFF
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
else
  build_dir=build
  scripts/build.sh "$build_dir"
fi

ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)" "$@"

if [[ "${TOOLGATE_LONG:-0}" == "1" ]]; then
  scripts/install-deps.sh --fuzz
  tests/fuzz/run.sh
fi
