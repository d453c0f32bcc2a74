#!/usr/bin/env bash
# Configures and builds toolgate with CMake + Ninja (+ ccache when present).
# Usage: scripts/build.sh [BUILD_DIR] [extra cmake -D options...]; BUILD_DIR defaults to build/.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${1:-build}
shift || true
jobs=${TOOLGATE_JOBS:-$(nproc)}

export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
# Paths under the checkout are hashed relative to it, so every clone shares one cache.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
if [[ ! -f "$build_dir/build.ninja" ]]; then
  # -O2 without -g (debug info costs a third of the build on 2 cores) and without -DNDEBUG:
  # assertions guard invariants in the binary we test and serve.
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE=-O2 "$@"
elif (($#)); then
  cmake "$build_dir" "$@"
fi
cmake --build "$build_dir" -j "$jobs"
