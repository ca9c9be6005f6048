#!/usr/bin/env bash
# The main job: install what is missing, build, start the local ARM emulator,
# seed what the example expects to exist (its emulator-seed.json), `tofu apply`
# the example, print its outputs, and show that a second plan is empty.
#   scripts/demo.sh [example-dir]   (default: examples/custom-pool-from-gallery)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
example=$(realpath "${1:-$root/examples/custom-pool-from-gallery}")

"$root/scripts/install-deps.sh"
build=$("$root/scripts/build.sh")
tofu=$(WITH_TERRAFORM=0 "$root/scripts/build-tofu.sh")
cli_config=$("$root/scripts/install-provider.sh" "$build/bin/terraform-provider-azbatch" "$build/mirror")

work="$build/demo/$(basename "$example")"
rm -rf "$work" && mkdir -p "$work" && cp "$example"/*.tf "$work/"

# The emulator is the default backend: no Azure subscription needed. One
# emulated minute passes per 0.1 s, so pool resizes finish in seconds.
echo "==> starting arm-emulator"
"$build/bin/arm-emulator" --port 0 --ready-file "$work/emulator.url" --time-scale 600 \
  >"$work/emulator.log" 2>&1 &
emulator_pid=$!
trap 'kill "$emulator_pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do [[ -s "$work/emulator.url" ]] && break; sleep 0.1; done
url=$(cat "$work/emulator.url")
echo "    $url (log: $work/emulator.log)"
if [[ -f "$example/emulator-seed.json" ]]; then
  echo "==> seeding $(basename "$example")/emulator-seed.json"
  curl -fsS -X POST "$url/_emulator/seed" --data-binary "@$example/emulator-seed.json" >/dev/null
fi

# The emulator's built-in identity (see emulator/README.md); nothing secret.
export ARM_METADATA_HOSTNAME="${url#http://}" ARM_USE_CLI=false \
  ARM_TENANT_ID=00000000-0000-0000-0000-0000000000aa \
  ARM_CLIENT_ID=00000000-0000-0000-0000-000000000001 \
  ARM_CLIENT_SECRET=emulator-secret \
  ARM_SUBSCRIPTION_ID=00000000-0000-0000-0000-0000000000bb
export TF_CLI_CONFIG_FILE="$cli_config" TF_IN_AUTOMATION=1 TF_INPUT=0
cd "$work"
echo "==> tofu init ($work)"
"$tofu" init -no-color >/dev/null
echo "==> tofu apply"
"$tofu" apply -no-color -auto-approve
echo "==> tofu output"
"$tofu" output -no-color
echo "==> tofu plan -detailed-exitcode (must report no changes)"
"$tofu" plan -no-color -detailed-exitcode
echo "==> second plan is empty"
