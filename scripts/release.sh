#!/usr/bin/env bash
# Builds a release into dist/ in the layout provider registries and filesystem
# mirrors expect:
#   terraform-provider-azbatch_<V>_linux_amd64.zip   (terraform-provider-azbatch_v<V>)
#   arm-emulator_<V>_linux_amd64.zip                  (arm-emulator, azure-specs/)
#   terraform-provider-azbatch_<V>_manifest.json      (protocol 6.0)
#   terraform-provider-azbatch_<V>_SHA256SUMS
# <V> is CMake's project(VERSION). The executables link everything but glibc
# statically (AZBATCH_STATIC_RELEASE) and are stripped, so they run on a bare
# Debian 12 system. Debian ships no static cpprestsdk, so it is built once from
# Debian's own source package (apt-get source cpprest) into the cache.
#   scripts/release.sh            (build-release/ next to build/, objects from ccache)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/ccache-env.sh"
build="${RELEASE_BUILD_DIR:-$root/build-release}"
dist="${DIST_DIR:-$root/dist}"
jobs="${JOBS:-$(nproc)}"
CPPREST_VERSION=2.10.18-1
cpprest_prefix="$AZBATCH_CACHE/cpprest-$CPPREST_VERSION-static"

# Debian's cpprestsdk source, built as a static archive with Debian's options
# (brotli on) minus websockets, which the provider does not use.
build_static_cpprest() {
  [[ -f "$cpprest_prefix/lib/libcpprest.a" ]] && return 0
  echo "release: building static cpprestsdk $CPPREST_VERSION into $cpprest_prefix (first run only)" >&2
  local work apt_dir
  # A fixed path, so a rebuild takes its objects from ccache.
  work="$AZBATCH_CACHE/cpprest-src"
  rm -rf "$work" && mkdir -p "$work"
  # A private source list, so the system's apt configuration is left alone.
  apt_dir="$work/apt"
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$work/src"
  local mirror
  mirror=$(debian_mirror)
  echo "deb-src $mirror bookworm main" >"$apt_dir/sources.list"
  local apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/nonexistent
                  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
                  -o APT::Sandbox::User=root)
  apt-get "${apt_opts[@]}" -qq update >&2
  (cd "$work/src" && apt-get "${apt_opts[@]}" -qq source "cpprest=$CPPREST_VERSION" >&2)
  local src
  src=$(find "$work/src" -maxdepth 1 -type d -name 'cpprest-*' | head -1)
  cmake -S "$src" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_INSTALL_PREFIX="$cpprest_prefix" -DCMAKE_INSTALL_LIBDIR=lib \
    -DBUILD_SHARED_LIBS=OFF -DBUILD_TESTS=OFF -DBUILD_SAMPLES=OFF \
    -DCPPREST_EXCLUDE_WEBSOCKETS=ON -DCPPREST_EXCLUDE_BROTLI=OFF -DWERROR=OFF \
    "${AZBATCH_CCACHE_ARGS[@]}" >&2
  nice cmake --build "$work/build" -j "$jobs" >&2
  cmake --install "$work/build" >&2
  rm -rf "$work"
}

# The Debian mirror apt uses (deb822 or one-line sources), for apt-get source.
debian_mirror() {
  local m
  m=$(grep -hsE '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources \
        /etc/apt/sources.list.d/*.list 2>/dev/null |
      grep -oE 'https?://[^ ]*/debian/?' | grep -v security | head -1 || true)
  echo "${m:-http://deb.debian.org/debian}"
}

# One release build at a time (the acceptance test runs this script too).
mkdir -p "$AZBATCH_CACHE"
exec 9>"$AZBATCH_CACHE/release.lock"
flock 9

build_static_cpprest

# Same compiler flags as build/ (scripts/build.sh), so objects come from ccache;
# only the link differs.
if [[ ! -f "$build/build.ninja" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DAZBATCH_BUILD_TESTS=OFF -DAZBATCH_STATIC_RELEASE=ON \
    -DAZBATCH_CPPREST_STATIC_LIBRARY="$cpprest_prefix/lib/libcpprest.a" \
    "${AZBATCH_CCACHE_ARGS[@]}" >&2
fi
nice cmake --build "$build" -j "$jobs" --target terraform-provider-azbatch arm-emulator >&2

version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
[[ -n "$version" ]] || { echo "release: no project version in $build/CMakeCache.txt" >&2; exit 1; }
reported=$("$build/bin/terraform-provider-azbatch" --version | awk '{print $NF}')
if [[ "${reported#v}" != "$version" ]]; then
  echo "release: binary reports version $reported, CMake says $version" >&2
  exit 1
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/provider" "$stage/emulator" "$dist"
provider_exe="terraform-provider-azbatch_v$version"
emulator_exe="arm-emulator"
strip --strip-all -o "$stage/provider/$provider_exe" "$build/bin/terraform-provider-azbatch"
strip --strip-all -o "$stage/emulator/$emulator_exe" "$build/bin/arm-emulator"
# The emulator validates request bodies against Azure's OpenAPI files (MIT,
# listed in SOURCES.md): ship them; run it with --specs-dir azure-specs.
specs="$root/../shared/azure-specs"
if [[ -d "$specs" ]]; then cp -r "$specs" "$stage/emulator/azure-specs"; fi

# Nothing but glibc may be needed at run time: the release runs on a bare system.
for exe in "$stage/provider/$provider_exe" "$stage/emulator/$emulator_exe"; do
  extra=$(ldd "$exe" | awk '{print $1}' |
          grep -vE '^(linux-vdso\.so\.1|/lib64/ld-linux-x86-64\.so\.2|lib(c|m|pthread|dl|rt)\.so\.[0-9]+)$' || true)
  if [[ -n "$extra" ]]; then
    echo "release: $(basename "$exe") needs shared libraries outside glibc:" $extra >&2
    exit 1
  fi
done

provider_zip="terraform-provider-azbatch_${version}_linux_amd64.zip"
emulator_zip="arm-emulator_${version}_linux_amd64.zip"
manifest="terraform-provider-azbatch_${version}_manifest.json"
sums="terraform-provider-azbatch_${version}_SHA256SUMS"
rm -f "$dist/$provider_zip" "$dist/$emulator_zip" "$dist/$manifest" "$dist/$sums"
# Fixed timestamps, so the same build gives the same zip (and the same zh: hash).
find "$stage" -exec touch -h -d '1980-01-02 00:00:00 UTC' {} +
(cd "$stage/provider" && TZ=UTC zip -q -X -D "$dist/$provider_zip" "$provider_exe")
(cd "$stage/emulator" && TZ=UTC zip -q -X -r "$dist/$emulator_zip" .)
cp "$root/terraform-registry-manifest.json" "$dist/$manifest"
(cd "$dist" && sha256sum "$provider_zip" "$emulator_zip" "$manifest" >"$sums")

echo "release: $version in $dist" >&2
(cd "$dist" && ls -l "$provider_zip" "$emulator_zip" "$manifest" "$sums" >&2)
echo "$dist"
