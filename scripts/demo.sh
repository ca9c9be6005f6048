#!/usr/bin/env bash
# The main job: install what is missing, build, then `tofu apply` the example and
# show that a second plan is empty.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
example="${1:-$root/examples/pool-sizing}"

"$root/scripts/install-deps.sh"
build=$("$root/scripts/build.sh")
tofu=$(WITH_TERRAFORM=0 "$root/scripts/build-tofu.sh")
cli_config=$("$root/scripts/install-provider.sh" "$build/bin/terraform-provider-azbatch" "$build/mirror")

work="$build/demo/$(basename "$example")"
rm -rf "$work" && mkdir -p "$work" && cp "$example"/*.tf "$work/"
export TF_CLI_CONFIG_FILE="$cli_config" TF_IN_AUTOMATION=1 TF_INPUT=0
cd "$work"
echo "==> tofu init ($work)"
"$tofu" init -no-color >/dev/null
echo "==> tofu apply"
"$tofu" apply -no-color -auto-approve
echo "==> tofu plan -detailed-exitcode (must report no changes)"
"$tofu" plan -no-color -detailed-exitcode
echo "==> second plan is empty"
