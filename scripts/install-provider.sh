#!/usr/bin/env bash
# Lays out the provider binary as an unpacked filesystem mirror and writes a CLI
# configuration that installs it from there (offline, with a lock file), e.g.
#   scripts/install-provider.sh build/bin/terraform-provider-azbatch build/mirror
#   TF_CLI_CONFIG_FILE=build/mirror/cli.tfrc tofu init
# `--dev-overrides` writes a dev_overrides configuration instead (no init needed).
set -euo pipefail
SOURCE_ADDRESS="local.azbatch.dev/azbatch/azbatch"

mode=mirror
if [[ "${1:-}" == "--dev-overrides" ]]; then mode=dev; shift; fi
bin=$(realpath "$1"); dest=$(realpath -m "$2")
version=$("$bin" --version | awk '{print $NF}')
version=${version#v}
os_arch="$(uname -s | tr '[:upper:]' '[:lower:]')_$(uname -m | sed 's/x86_64/amd64/;s/aarch64/arm64/')"

mkdir -p "$dest"
if [[ $mode == mirror ]]; then
  pkg="$dest/$SOURCE_ADDRESS/$version/$os_arch"
  rm -rf "$dest/$SOURCE_ADDRESS"
  mkdir -p "$pkg"
  cp "$bin" "$pkg/terraform-provider-azbatch_v$version"
  cat > "$dest/cli.tfrc" <<CFG
provider_installation {
  filesystem_mirror {
    path    = "$dest"
    include = ["$SOURCE_ADDRESS"]
  }
  direct {
    exclude = ["$SOURCE_ADDRESS"]
  }
}
CFG
else
  cat > "$dest/cli.tfrc" <<CFG
provider_installation {
  dev_overrides {
    "$SOURCE_ADDRESS" = "$(dirname "$bin")"
  }
  direct {}
}
CFG
fi
echo "$dest/cli.tfrc"
