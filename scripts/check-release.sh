#!/usr/bin/env bash
# Proves a release (scripts/release.sh's dist/) runs on a clean Debian 12 with no
# package added: in a chroot of a minbase bookworm root it starts the released
# arm-emulator, installs the provider zip with `tofu init` from a packed
# filesystem mirror (the lock file must get zh: and h1: hashes), applies
# examples/custom-pool-from-gallery and requires an empty second plan.
#   scripts/check-release.sh [DIST_DIR]     (needs root: debootstrap, mount, chroot)
# The minbase root is made once with debootstrap and cached in
# ${AZBATCH_CACHE:-~/.cache/terraform-provider-azbatch}/bookworm-minbase; each run
# works on an overlay (or a copy) of it, so the cached root stays clean.
set -euo pipefail
started=$(date +%s%N)
root=$(cd "$(dirname "$0")/.." && pwd)
dist=$(realpath "${1:-$root/dist}")
cache="${AZBATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-azbatch}"
base="$cache/bookworm-minbase"
example="$root/examples/custom-pool-from-gallery"
source_address="local.azbatch.dev/azbatch/azbatch"

say() { echo "check-release: $*" >&2; }
fail() { say "FAIL: $*"; exit 1; }
[[ $(id -u) == 0 ]] || fail "needs root (debootstrap, mount, chroot)"

# --- the release under test ---------------------------------------------------
shopt -s nullglob
zips=("$dist"/terraform-provider-azbatch_*_linux_amd64.zip)
shopt -u nullglob
((${#zips[@]} == 1)) || fail "expected one provider zip in $dist, found ${#zips[@]}"
provider_zip=${zips[0]}
version=$(basename "$provider_zip" | sed -E 's/^terraform-provider-azbatch_(.*)_linux_amd64\.zip$/\1/')
emulator_zip="$dist/arm-emulator_${version}_linux_amd64.zip"
sums="$dist/terraform-provider-azbatch_${version}_SHA256SUMS"
manifest="$dist/terraform-provider-azbatch_${version}_manifest.json"
for f in "$emulator_zip" "$sums" "$manifest"; do [[ -f $f ]] || fail "missing $f"; done
(cd "$dist" && sha256sum --quiet -c "$(basename "$sums")") || fail "SHA256SUMS does not match"
grep -q '"6.0"' "$manifest" || fail "manifest does not declare protocol 6.0"
unzip -Z1 "$provider_zip" | grep -qx "terraform-provider-azbatch_v$version" ||
  fail "the zip does not hold terraform-provider-azbatch_v$version"
say "release $version from $dist"

tofu=$(WITH_TERRAFORM=0 "$root/scripts/build-tofu.sh")

# --- the clean Debian 12 root (cached) ------------------------------------------
debian_mirror() {
  local m
  m=$(grep -hsE '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources \
        /etc/apt/sources.list.d/*.list 2>/dev/null |
      grep -oE 'https?://[^ ]*/debian/?' | grep -v security | head -1 || true)
  echo "${m:-http://deb.debian.org/debian}"
}
if [[ ! -x "$base/bin/bash" ]]; then
  command -v debootstrap >/dev/null || fail "debootstrap missing (scripts/install-deps.sh)"
  say "debootstrap --variant=minbase bookworm into $base (first run only)"
  rm -rf "$base.tmp" && mkdir -p "$cache"
  debootstrap --variant=minbase bookworm "$base.tmp" "$(debian_mirror)" >"$cache/debootstrap.log" 2>&1 ||
    fail "debootstrap failed, see $cache/debootstrap.log"
  mv "$base.tmp" "$base"
fi

# --- a throwaway copy of it -------------------------------------------------------
work=$(mktemp -d /tmp/azbatch-check-release.XXXXXX)
chroot_dir="$work/root"
mounts=()
emulator_pid=""
cleanup() {
  local rc=$?
  set +e
  if [[ -n $emulator_pid ]]; then
    kill "$emulator_pid" 2>/dev/null
    wait "$emulator_pid" 2>/dev/null
  fi
  if [[ $rc != 0 && -d "$chroot_dir/check" ]]; then
    mkdir -p "$work/logs" && cp -r "$chroot_dir/check/." "$work/logs/" 2>/dev/null
    say "logs kept in $work/logs"
  fi
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
    umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}" 2>/dev/null
  done
  # Never delete through a mount that is still there (the chroot's /dev is the host's).
  if grep -q " $work/" /proc/mounts; then
    say "mounts under $work remain; left in place"
  elif [[ -d "$work/logs" ]]; then
    find "$work" -mindepth 1 -maxdepth 1 ! -name logs -exec rm -rf --one-file-system {} +
  else
    rm -rf --one-file-system "$work"
  fi
  say "took $(( ($(date +%s%N) - started) / 1000000 )) ms"
  exit "$rc"
}
trap cleanup EXIT
mkdir -p "$chroot_dir"
# An overlay on a tmpfs (upper layers cannot live on overlayfs); a copy otherwise.
mount -t tmpfs -o size=2g azbatch-check "$work/root" && mounts+=("$work/root")
mkdir -p "$work/root/upper" "$work/root/work" "$work/root/merged"
chroot_dir="$work/root/merged"
if mount -t overlay azbatch-check \
    -o "lowerdir=$base,upperdir=$work/root/upper,workdir=$work/root/work" "$chroot_dir" 2>/dev/null; then
  mounts+=("$chroot_dir")
else
  say "no overlayfs here; copying the root"
  cp -a "$base/." "$chroot_dir/"
fi
mount -t proc proc "$chroot_dir/proc" && mounts+=("$chroot_dir/proc")
mount --bind /dev "$chroot_dir/dev" && mounts+=("$chroot_dir/dev")

# Nothing is installed into the root: only files are unpacked into /opt.
mirror_dir="$chroot_dir/opt/mirror/$source_address"
mkdir -p "$mirror_dir" "$chroot_dir/opt/arm-emulator" "$chroot_dir/opt/tofu" "$chroot_dir/check"
cp "$provider_zip" "$mirror_dir/"
unzip -q "$emulator_zip" -d "$chroot_dir/opt/arm-emulator"
cp "$tofu" "$chroot_dir/opt/tofu/tofu"
cp "$example"/*.tf "$chroot_dir/check/"
cat >"$chroot_dir/check/cli.tfrc" <<CFG
provider_installation {
  filesystem_mirror {
    path    = "/opt/mirror"
    include = ["$source_address"]
  }
  direct {
    exclude = ["$source_address"]
  }
}
CFG

in_root() {
  env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    TMPDIR=/tmp LANG=C.UTF-8 "$@"
}

# --- the emulator, from its zip -----------------------------------------------------
say "starting the released arm-emulator in the chroot"
in_root chroot "$chroot_dir" /opt/arm-emulator/arm-emulator --port 0 \
  --ready-file /check/emulator.url --time-scale 600 --specs-dir /opt/arm-emulator/azure-specs \
  >"$chroot_dir/check/emulator.log" 2>&1 &
emulator_pid=$!
for _ in $(seq 100); do
  [[ -s "$chroot_dir/check/emulator.url" ]] && break
  kill -0 "$emulator_pid" 2>/dev/null || fail "arm-emulator exited: $(tail -5 "$chroot_dir/check/emulator.log")"
  sleep 0.1
done
[[ -s "$chroot_dir/check/emulator.url" ]] || fail "arm-emulator did not become ready"
url=$(cat "$chroot_dir/check/emulator.url")
# The chroot shares the network: the seed (test setup, not the release) is posted
# from outside, because a minbase root has no HTTP client.
if [[ -f "$example/emulator-seed.json" ]]; then
  curl -fsS -X POST "$url/_emulator/seed" --data-binary "@$example/emulator-seed.json" >/dev/null ||
    fail "seeding the emulator failed"
fi

# --- tofu init / apply / plan inside the chroot ---------------------------------------
run_tofu() {
  in_root ARM_METADATA_HOSTNAME="${url#http://}" ARM_USE_CLI=false \
    ARM_TENANT_ID=00000000-0000-0000-0000-0000000000aa \
    ARM_CLIENT_ID=00000000-0000-0000-0000-000000000001 ARM_CLIENT_SECRET=emulator-secret \
    ARM_SUBSCRIPTION_ID=00000000-0000-0000-0000-0000000000bb \
    TF_CLI_CONFIG_FILE=/check/cli.tfrc TF_IN_AUTOMATION=1 TF_INPUT=0 \
    chroot "$chroot_dir" /bin/sh -c 'cd /check && exec /opt/tofu/tofu "$@"' tofu "$@"
}
# Neither tofu nor terraform records a zh: hash when installing from a mirror
# (only h1:, computed locally; zh: comes from a registry's signed SHA256SUMS). So
# the lock file starts from the published checksum, as a user pinning the
# release would write it: init must verify the zip against it and add h1:.
lock_with_zh() {
  printf 'provider "%s" {\n  version = "%s"\n  hashes = [\n    "zh:%s",\n  ]\n}\n' \
    "$source_address" "$version" "$1" >"$2"
}
zip_sha=$(awk -v z="$(basename "$provider_zip")" '$2 == z {print $1}' "$sums")
[[ -n $zip_sha ]] || fail "SHA256SUMS has no line for $(basename "$provider_zip")"
lock="$chroot_dir/check/.terraform.lock.hcl"
lock_with_zh "$zip_sha" "$lock"
say "tofu init (packed filesystem mirror, lock file pinned to SHA256SUMS)"
run_tofu init -no-color >"$chroot_dir/check/init.log" 2>&1 || fail "tofu init: $(tail -20 "$chroot_dir/check/init.log")"
grep -q "\"zh:$zip_sha\"" "$lock" || fail "lock file lost the zh: hash of the released zip"
grep -q '"h1:' "$lock" || fail "lock file has no h1: hash"
grep -q "version *= *\"$version\"" "$lock" || fail "lock file does not pin version $version"
sed 's/^/    /' "$lock" >&2
# The zh: pin is really checked: a lock file with another checksum refuses the zip.
mkdir -p "$chroot_dir/check-tampered"
cp "$chroot_dir/check/"*.tf "$chroot_dir/check/cli.tfrc" "$chroot_dir/check-tampered/"
lock_with_zh "$(printf '%064d' 0)" "$chroot_dir/check-tampered/.terraform.lock.hcl"
if in_root TF_CLI_CONFIG_FILE=/check/cli.tfrc TF_IN_AUTOMATION=1 TF_INPUT=0 chroot "$chroot_dir" \
    /bin/sh -c 'cd /check-tampered && exec /opt/tofu/tofu init -no-color' >"$chroot_dir/check/tampered.log" 2>&1; then
  fail "tofu init accepted the zip against a lock file with a wrong zh: checksum"
fi
grep -q "match any of the" "$chroot_dir/check/tampered.log" ||
  fail "tofu init with a wrong zh: failed for another reason: $(tail -5 "$chroot_dir/check/tampered.log")"
installed=$(find "$chroot_dir/check/.terraform/providers" -type f -name 'terraform-provider-azbatch_v*')
say "installed $(basename "$installed"); ldd inside the root:"
in_root chroot "$chroot_dir" ldd "${installed#"$chroot_dir"}" | sed 's/^/    /' >&2
if in_root chroot "$chroot_dir" ldd "${installed#"$chroot_dir"}" | grep -q "not found"; then
  fail "the provider misses shared libraries on a clean system"
fi

say "tofu apply examples/custom-pool-from-gallery"
run_tofu apply -no-color -auto-approve >"$chroot_dir/check/apply.log" 2>&1 ||
  fail "tofu apply: $(tail -30 "$chroot_dir/check/apply.log")"
grep -E '^Apply complete' "$chroot_dir/check/apply.log" | sed 's/^/    /' >&2
say "second tofu plan -detailed-exitcode (must be empty)"
set +e
run_tofu plan -no-color -detailed-exitcode >"$chroot_dir/check/plan.log" 2>&1
plan_rc=$?
set -e
((plan_rc == 0)) || fail "second plan exited $plan_rc (2 = changes): $(tail -30 "$chroot_dir/check/plan.log")"
say "OK: release $version runs on a clean Debian 12 minbase root"
