#include "resources/docgen/type_notes.h"

#include <map>

#include "absl/strings/str_replace.h"

namespace azbatch::resources::docgen {

namespace {

constexpr char kPoolSections[] = R"md(## Plan-time preflight checks

While planning a create, or a change of `fixed_scale`, `auto_scale`, `image_reference`,
`node_agent_sku_id` or `account_id`, the provider checks the pool against the image and the
Batch account, so that a mistake shows in `plan` instead of as a failed resize later.

The resize timeout rule needs no Azure call and always runs: with `fixed_scale`, a
`resize_timeout` shorter than 15 minutes per started 1000 nodes is a warning that names the
value to use.

The other checks read Azure, only for a gallery image (`image_reference.id`), only once the
image id and `account_id` are known (not while they wait for resources created in the same
apply), and only when the provider is configured for Azure:

| Check | Reads | Result |
|---|---|---|
| The image definition exists and is `Generalized` | the image definition | error |
| `node_agent_sku_id` is a Windows agent exactly when the image's `os_type` is `Windows` | the image definition | error |
| An image definition id resolves to its latest version (highest version not excluded from latest) | the definition's versions | error when there is none |
| The image version exists and did not fail | the version, with its replication status | error |
| The version has a replica in the Batch account's region | the Batch account (its region) and the version's target regions | error naming the `target_region` entry to add |
| That region holds at least one replica per 300 nodes (fixed scale with known node counts) | as above | warning with the `regional_replica_count` to set |
| An image in another subscription is in the Batch account's tenant, and that subscription has `Microsoft.Batch` registered | both subscriptions and `Microsoft.Batch` in the image's subscription | error |

A Batch account that does not exist yet is a warning (its region is checked on a later plan).
A read that fails for another reason than "not found" is a warning, and the plan goes on
unchecked. Set `preflight = false` in the provider block (or `ARM_PREFLIGHT=false`) to skip the
reads, e.g. when the credentials of the plan may not read the gallery.
)md";

constexpr char kProviderGuide[] = R"md(## Authentication

Every setting of the provider block falls back to the environment variable named in its
description; a value in the block wins. The provider tries the credentials below in this
order, skips those that are not configured, moves on when one cannot get a token, and uses the
first that does. When none works, the error lists each credential with the reason it was
skipped or failed.

1. **Client certificate** (service principal): `tenant_id`, `client_id`, and
   `client_certificate` (base64 PKCS#12 or PEM text) or `client_certificate_path`, with
   `client_certificate_password` for a protected PKCS#12 file.
2. **Client secret** (service principal): `tenant_id`, `client_id` and `client_secret`.
3. **OIDC token** (workload identity federation from any identity provider): `use_oidc = true`,
   `tenant_id`, `client_id`, and `oidc_token` or `oidc_token_file_path` (the file is read again
   for every exchange, so a rotated token is picked up).
4. **Azure DevOps OIDC**: `use_oidc = true`, `tenant_id`, `client_id`,
   `ado_pipeline_service_connection_id`, and the pipeline's `SYSTEM_OIDCREQUESTURI` and
   `SYSTEM_ACCESSTOKEN` (or `oidc_request_url` and `oidc_request_token`).
5. **GitHub Actions OIDC**: `use_oidc = true`, `tenant_id`, `client_id`, and the
   `ACTIONS_ID_TOKEN_REQUEST_URL` and `ACTIONS_ID_TOKEN_REQUEST_TOKEN` that GitHub sets for a
   job with `permissions: id-token: write`.
6. **AKS workload identity**: `use_aks_workload_identity = true`; the token file, client id and
   tenant id come from `AZURE_FEDERATED_TOKEN_FILE`, `AZURE_CLIENT_ID` and `AZURE_TENANT_ID`,
   which the workload identity webhook sets.
7. **Managed identity**: `use_msi = true`. The token comes from the instance metadata service,
   from `msi_endpoint`, or from App Service's `IDENTITY_ENDPOINT` and `IDENTITY_HEADER`. Set
   `client_id` to pick a user-assigned identity.
8. **Azure CLI**: the account of `az login` (`use_cli`, on by default); `subscription_id` is
   still required.

The identity needs rights on what it manages: Contributor on the resource groups of the
images and the Batch account is enough. With `resource_provider_registrations = "core"` it
also registers `Microsoft.Compute` and `Microsoft.Batch` in the subscription when they are not
registered yet, which needs rights at subscription scope.

```terraform
# Service principal with a client secret from the environment:
#   ARM_TENANT_ID, ARM_CLIENT_ID, ARM_CLIENT_SECRET, ARM_SUBSCRIPTION_ID
provider "azbatch" {}

# GitHub Actions with OIDC (federated credential on the app registration)
provider "azbatch" {
  use_oidc        = true
  tenant_id       = "00000000-0000-0000-0000-000000000000"
  client_id       = "00000000-0000-0000-0000-000000000000"
  subscription_id = "00000000-0000-0000-0000-000000000000"
}
```

## Clouds

`environment` selects the cloud: `public` (Azure, the default), `usgovernment` (Azure
Government) or `china` (Azure operated by 21Vianet). For Azure Stack Hub or another private
cloud, set `metadata_host` to the host serving its `/metadata/endpoints` document; the
provider reads the Resource Manager endpoint, the login endpoint and the token audience from
it.

## The local ARM emulator

The project's `arm-emulator` stands in for Azure Resource Manager (and the Entra token
endpoint) on the local machine, so configurations can be tried without a subscription. The
provider reaches it through its metadata document, like a private cloud:

```sh
build/bin/arm-emulator --port 0 --ready-file /tmp/arm.url &
export ARM_METADATA_HOSTNAME=$(sed 's|http://||' /tmp/arm.url) \
       ARM_TENANT_ID=00000000-0000-0000-0000-0000000000aa \
       ARM_CLIENT_ID=00000000-0000-0000-0000-000000000001 ARM_CLIENT_SECRET=emulator-secret \
       ARM_SUBSCRIPTION_ID=00000000-0000-0000-0000-0000000000bb ARM_USE_CLI=false
```

Plain `http` is accepted only for loopback hosts; every other endpoint needs TLS with a
verified certificate.

## Functions and sizing without Azure

`provider::azbatch::min_replicas`, `provider::azbatch::parse_resource_id` and the
`azbatch_pool_sizing` data source need no Azure settings: with an empty provider block and no
`ARM_SUBSCRIPTION_ID`, only the resources and data sources that call Azure report what to set.

## Plan-time checks

With `preflight = true` (the default) the provider checks a subscription is reachable when it
is configured, and `azbatch_pool` checks its image and Batch account while planning (see the
pool's page). `preflight = false` turns both off.
)md";

}  // namespace

TypeNotes NotesFor(const std::string& name) {
  using azure::ResourceType;
  static const std::map<std::string, TypeNotes>* notes = new std::map<std::string, TypeNotes>{
      {"azbatch_resource_group", {"Base", ResourceType::kResourceGroup, {}, ""}},
      {"azbatch_managed_image", {"Compute Gallery", ResourceType::kImage, {}, ""}},
      {"azbatch_gallery", {"Compute Gallery", ResourceType::kGallery, {}, ""}},
      {"azbatch_image_definition", {"Compute Gallery", ResourceType::kGalleryImage, {}, ""}},
      {"azbatch_image_version", {"Compute Gallery", ResourceType::kGalleryImageVersion, {}, ""}},
      {"azbatch_account", {"Batch", ResourceType::kBatchAccount, {"key_vault_reference"}, ""}},
      {"azbatch_pool", {"Batch", ResourceType::kBatchPool, {}, kPoolSections}},
      {"azbatch_pool_sizing", {"Batch", std::nullopt, {}, ""}},
  };
  auto it = notes->find(name);
  return it == notes->end() ? TypeNotes{} : it->second;
}

std::string ProviderGuide() { return kProviderGuide; }

std::string ExampleId(azure::ResourceType type) {
  return absl::StrReplaceAll(azure::ResourceIdPattern(type),
                             {{"{subscriptionId}", "00000000-0000-0000-0000-000000000000"},
                              {"{resourceGroupName}", "example-rg"},
                              {"{galleryName}", "example_gallery"},
                              {"{galleryImageName}", "ubuntu-22.04"},
                              {"{galleryImageVersionName}", "1.0.0"},
                              {"{imageName}", "example-image"},
                              {"{accountName}", "examplebatch"},
                              {"{poolName}", "example-pool"}});
}

}  // namespace azbatch::resources::docgen
