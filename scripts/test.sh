#!/usr/bin/env bash
# Every test: install what is missing, build, build the real OpenTofu CLI (cached),
# then:
#   1. unit and integration tests built with ASan + UBSan (build-asan/, objects
#      cached by ccache outside the clone);
#   2. each libFuzzer target for a short time (FUZZ_SECONDS, default 30);
#   3. every test (unit, integration, conformance with Microsoft's Python SDKs
#      from a virtual environment outside the clone, acceptance with real tofu
#      and terraform) under ctest, last, so its summary closes the output.
# SKIP_SANITIZERS=1 / SKIP_FUZZ=1 leave steps 1 / 2 out (local loops).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

WITH_FUZZ=1 "$root/scripts/install-deps.sh"
# Microsoft's Python clients for the conformance suite, in a virtual environment outside
# the clone (reused when its requirements are unchanged); without it that suite skips.
"$root/scripts/python-venv.sh" >/dev/null ||
  echo "test.sh: no Python virtual environment: the conformance suite will be skipped" >&2
build=$("$root/scripts/build.sh")
TOFU=$("$root/scripts/build-tofu.sh")
export TOFU
tf_bin="${AZBATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-azbatch}/terraform-v1.8.5/bin/terraform"
if [[ -z "${TERRAFORM:-}" && -x "$tf_bin" ]]; then export TERRAFORM="$tf_bin"; fi
echo "test.sh: tofu=$TOFU terraform=${TERRAFORM:-<not built>}" >&2

if [[ "${SKIP_SANITIZERS:-0}" != 1 ]]; then
  echo "test.sh: unit and integration tests under ASan + UBSan" >&2
  asan=$(BUILD_DIR="$root/build-asan" "$root/scripts/build.sh" -DAZBATCH_SANITIZE=ON \
           -DAZBATCH_ACCEPTANCE=OFF)
  (cd "$asan" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0 \
     LSAN_OPTIONS=suppressions=$root/tests/sanitizers/lsan.supp \
     UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:suppressions=$root/tests/sanitizers/ubsan.supp \
     ctest --output-on-failure -j "${JOBS:-2}" --timeout 900 -L 'unit|integration')
fi
if [[ "${SKIP_FUZZ:-0}" != 1 ]]; then
  "$root/scripts/fuzz.sh" "${FUZZ_SECONDS:-30}"
fi

cd "$build"
ctest --output-on-failure -j "${JOBS:-2}" --timeout 900 "$@"
