#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (libFuzzer + ASan + UBSan) and runs
# each for SECONDS (default 600), printing libFuzzer's final statistics and a
# one-line summary per target: runs, edges (coverage), findings.
#   scripts/fuzz.sh [SECONDS] [TARGET...]
# Targets: cty_msgpack_fuzz azure_redact_fuzz azure_arm_json_fuzz azure_resource_id_fuzz
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds="${1:-600}"
shift || true
targets=("$@")
if ((${#targets[@]} == 0)); then
  targets=(cty_msgpack_fuzz azure_redact_fuzz azure_arm_json_fuzz azure_resource_id_fuzz)
fi
WITH_FUZZ=1 "$root/scripts/install-deps.sh"
source "$root/scripts/ccache-env.sh"
build="${FUZZ_BUILD_DIR:-$root/build-fuzz}"
if [[ ! -f "$build/build.ninja" ]]; then
  CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DAZBATCH_FUZZ=ON -DAZBATCH_BUILD_TESTS=OFF \
    -DAZBATCH_COMPONENTS="common;provider/cty;provider/azure" "${AZBATCH_CCACHE_ARGS[@]}" >&2
fi
cmake --build "$build" --target "${targets[@]}" >&2

summary=()
failed=0
for t in "${targets[@]}"; do
  bin=$(find "$build" -name "$t" -type f -perm -u+x | head -1)
  corpus="$build/corpus/$t"
  mkdir -p "$corpus"
  seeds="$root/tests/fuzz-seeds/$t"
  [[ -d "$seeds" ]] && cp -n "$seeds"/* "$corpus"/ 2>/dev/null || true
  log="$build/$t.log"
  echo "fuzz: $t for ${seconds}s" >&2
  status=0
  (cd "$build" && "$bin" -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=2048 \
     -max_len=4096 -timeout=10 "$corpus") >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  edges=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | awk '{print $2}')
  findings=0
  if ((status != 0)); then findings=1; failed=1; tail -60 "$log" >&2; fi
  summary+=("fuzz: $t runs=${runs:-0} edges=${edges:-0} findings=$findings seconds=$seconds")
done
printf '%s\n' "${summary[@]}"
exit $failed
