#!/usr/bin/env bash
# Configures and builds toolgate with CMake + Ninja (+ ccache when present).
# Usage: scripts/build.sh [BUILD_DIR] [extra cmake -D options...]; BUILD_DIR defaults to build/.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${1:-build}
shift || true
jobs=${TOOLGATE_JOBS:-$(nproc)}

export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
if [[ ! -f "$build_dir/build.ninja" ]]; then
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
elif (($#)); then
  cmake "$build_dir" "$@"
fi
cmake --build "$build_dir" -j "$jobs"
