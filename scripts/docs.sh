#!/usr/bin/env bash
# Regenerates the registry documentation in docs/ from the provider's schemas
# and the example files under examples/ (azbatch-docgen, resources/docgen/).
#
#   scripts/docs.sh                 build azbatch-docgen in build/ and write docs/
#   scripts/docs.sh --check         the same, but fail when an example file or a
#                                   schema description is missing
#   scripts/docs.sh --diff [BIN]    write to a temporary folder (with --check) and fail when docs/
#                                   differs (CI; ctest azbatch_docs_up_to_date)
# DOCGEN=/path/to/azbatch-docgen skips the build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mode=write
case "${1:-}" in
  --check) mode=check; shift ;;
  --diff) mode=diff; shift; DOCGEN="${1:-${DOCGEN:-}}" ;;
  "") ;;
  *) echo "usage: scripts/docs.sh [--check | --diff [azbatch-docgen]]" >&2; exit 2 ;;
esac

if [[ -z "${DOCGEN:-}" ]]; then
  build="${BUILD_DIR:-$root/build}"
  cmake --build "$build" --target azbatch-docgen >&2
  DOCGEN="$build/bin/azbatch-docgen"
fi

case $mode in
  write) "$DOCGEN" --examples "$root/examples" --out "$root/docs" ;;
  check) "$DOCGEN" --examples "$root/examples" --out "$root/docs" --check ;;
  diff)
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    "$DOCGEN" --examples "$root/examples" --out "$tmp/docs" --check 2>"$tmp/log" || { cat "$tmp/log" >&2; exit 1; }
    if ! diff -ru "$root/docs" "$tmp/docs" >"$tmp/diff"; then
      head -n 200 "$tmp/diff"
      echo >&2
      echo "docs/ is out of date with the provider's schemas or examples/." >&2
      echo "Run scripts/docs.sh and commit the changes in docs/." >&2
      exit 1
    fi
    echo "docs/ is up to date"
    ;;
esac
