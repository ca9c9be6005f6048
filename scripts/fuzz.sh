#!/usr/bin/env bash
# Builds the msgpack decoder fuzz target with clang (libFuzzer + ASan + UBSan) and runs it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds="${1:-600}"
WITH_FUZZ=1 "$root/scripts/install-deps.sh"
build="$root/build-fuzz"
if [[ ! -f "$build/build.ninja" ]]; then
  CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DAZBATCH_FUZZ=ON -DAZBATCH_BUILD_TESTS=OFF -DAZBATCH_COMPONENTS="common;provider/cty" >&2
fi
cmake --build "$build" --target cty_msgpack_fuzz >&2
corpus="$build/corpus"
mkdir -p "$corpus"
"$build/provider/cty/cty_msgpack_fuzz" -max_total_time="$seconds" -print_final_stats=1 \
  -rss_limit_mb=2048 -max_len=4096 "$corpus"
