#!/usr/bin/env bash
# Creates (or reuses) the Python virtual environment of the conformance suite and prints
# its directory. It lives outside the clone, in
#   ${AZBATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-azbatch}/venv-<hash>
# where <hash> covers tests/conformance/requirements.txt and the interpreter's version, so
# a fresh clone (CI) reuses it and a changed pin builds a new one. A directory without its
# `.complete` marker (an interrupted build) or with a broken interpreter is rebuilt. PYTHON picks the interpreter
# (default python3). Exit status 1 when the environment cannot be built.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
req="$root/tests/conformance/requirements.txt"
python=${PYTHON:-python3}
cache="${AZBATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-azbatch}"

if ! pyver=$("$python" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null); then
  echo "python-venv: no Python interpreter '$python'" >&2
  exit 1
fi
hash=$( (cat "$req"; echo "python $pyver") | sha256sum | cut -c1-16)
venv="$cache/venv-$hash"
mkdir -p "$cache"
exec 9>"$cache/venv.lock"
flock 9
# A venv whose interpreter went away (e.g. a Python reinstalled elsewhere) is rebuilt too.
if [[ ! -f "$venv/.complete" ]] || ! "$venv/bin/python" -c '' 2>/dev/null; then
  rm -rf "$venv"
  start=$(date +%s)
  echo "python-venv: building $venv (Python $pyver)" >&2
  if ! "$python" -m venv "$venv" >&2; then
    rm -rf "$venv"
    echo "python-venv: '$python -m venv' failed (Debian: apt-get install python3-venv)" >&2
    exit 1
  fi
  if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
       -r "$req" >&2; then
    rm -rf "$venv"
    echo "python-venv: pip could not install $req" >&2
    exit 1
  fi
  touch "$venv/.complete"
  echo "python-venv: built in $(( $(date +%s) - start )) s" >&2
fi
echo "$venv"
