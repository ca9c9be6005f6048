#!/usr/bin/env bash
# ctest entry of the conformance suite: builds (or reuses) the Python virtual environment
# with scripts/python-venv.sh, then runs pytest from it against the given arm-emulator.
#   run.sh <arm-emulator binary> <scratch dir>
# Exit 77 (ctest: skipped) only when the environment cannot be built.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export ARM_EMULATOR_BIN=$1
scratch=$2
if ! venv=$("$here/../../scripts/python-venv.sh"); then
  echo "conformance: SKIPPED: the Python virtual environment could not be built (see above)" >&2
  exit 77
fi
rm -rf "$scratch" && mkdir -p "$scratch"
cd "$here"
export PYTHONDONTWRITEBYTECODE=1
exec "$venv/bin/python" -m pytest -v -p no:cacheprovider --basetemp="$scratch" "${@:3}"
