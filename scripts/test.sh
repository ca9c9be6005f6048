#!/usr/bin/env bash
# Every test: install what is missing, build, build the real OpenTofu CLI (cached),
# then run unit, integration and acceptance tests under ctest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

"$root/scripts/install-deps.sh"
build=$("$root/scripts/build.sh")
TOFU=$("$root/scripts/build-tofu.sh")
export TOFU
tf_bin="${AZBATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-azbatch}/terraform-v1.8.5/bin/terraform"
if [[ -z "${TERRAFORM:-}" && -x "$tf_bin" ]]; then export TERRAFORM="$tf_bin"; fi
echo "test.sh: tofu=$TOFU terraform=${TERRAFORM:-<not built>}" >&2

cd "$build"
ctest --output-on-failure -j "${JOBS:-2}" --timeout 900 "$@"
