#!/usr/bin/env bash
# Installs the Debian 12 packages the build, the tests and the tools need.
# Idempotent: only packages that are missing are installed.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates python3 curl
  # The conformance suite's virtual environment (scripts/python-venv.sh).
  python3-venv
  # Compiler cache outside the clone: CI clones afresh each run and reuses it.
  ccache
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libcpprest-dev libssl-dev
  libgtest-dev libgmock-dev
  # JSON with exact number lexemes (cty JSON, ARM bodies): header-only.
  nlohmann-json3-dev
  # Boost.Beast/Asio headers: the emulator's HTTP(S) server.
  libboost-dev
  # Releases (scripts/release.sh, scripts/check-release.sh): zip/unzip for the
  # archives; debootstrap makes the clean Debian 12 root the release is checked
  # on. (`apt-get source cpprest`, for the static cpprestsdk, needs dpkg-dev,
  # which build-essential brings.)
  zip unzip debootstrap
)
if [[ "${WITH_FUZZ:-0}" == 1 ]]; then PACKAGES+=(clang libclang-rt-14-dev); fi
if [[ "${WITH_BENCH:-0}" == 1 ]]; then PACKAGES+=(wrk openssl); fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}" >&2
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
