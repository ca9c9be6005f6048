#!/usr/bin/env bash
# Builds the real OpenTofu CLI (and, when it builds, Terraform) from the Go module
# proxy into a cache outside the clone, and reuses it when present.
# Prints the path of the tofu binary on stdout. TOFU=/path overrides.
set -euo pipefail

TOFU_VERSION="${TOFU_VERSION:-v1.12.6}"
TERRAFORM_VERSION="${TERRAFORM_VERSION:-v1.8.5}"
CACHE="${AZBATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-azbatch}"
export GOTOOLCHAIN=local GOFLAGS=-mod=mod CGO_ENABLED=0

if [[ -n "${TOFU:-}" ]]; then echo "$TOFU"; exit 0; fi

tofu_bin="$CACHE/tofu-$TOFU_VERSION/tofu"
if [[ ! -x "$tofu_bin" ]]; then
  echo "build-tofu: building OpenTofu $TOFU_VERSION into $CACHE (first run only)" >&2
  mkdir -p "$CACHE"
  dir=$(go mod download -json "github.com/opentofu/opentofu@$TOFU_VERSION" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
  work=$(mktemp -d "$CACHE/tofu-src.XXXXXX")
  cp -r "$dir/." "$work" && chmod -R u+w "$work"
  (cd "$work" && go build -trimpath \
      -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" \
      -o "$tofu_bin.tmp" ./cmd/tofu)
  mv "$tofu_bin.tmp" "$tofu_bin"
  rm -rf "$work"
fi

# Terraform is optional: when it builds, the acceptance suite also runs against it.
if [[ "${WITH_TERRAFORM:-1}" == 1 && -z "${TERRAFORM:-}" ]]; then
  tf_dir="$CACHE/terraform-$TERRAFORM_VERSION"
  if [[ ! -x "$tf_dir/bin/terraform" && ! -e "$tf_dir/failed" ]]; then
    echo "build-tofu: building Terraform $TERRAFORM_VERSION (optional)" >&2
    mkdir -p "$tf_dir"
    if ! GOBIN="$tf_dir/bin" go install -trimpath \
        -ldflags "-s -w -X github.com/hashicorp/terraform/version.dev=no" \
        "github.com/hashicorp/terraform@$TERRAFORM_VERSION" >&2; then
      echo "build-tofu: Terraform $TERRAFORM_VERSION did not build; tofu only" >&2
      touch "$tf_dir/failed"
    fi
  fi
fi
echo "$tofu_bin"
