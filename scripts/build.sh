#!/usr/bin/env bash
# Configures and builds everything into build/ (Ninja, Release with debug info).
# Objects are cached by ccache outside the clone (AZBATCH_CACHE/ccache), so a
# fresh clone (as in CI) rebuilds from the cache instead of from scratch.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/ccache-env.sh"
build="${BUILD_DIR:-$root/build}"
jobs="${JOBS:-$(nproc)}"
if [[ ! -f "$build/build.ninja" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "${AZBATCH_CCACHE_ARGS[@]}" "$@" >&2
fi
cmake --build "$build" -j "$jobs" >&2
echo "$build"
