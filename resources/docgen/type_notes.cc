#include "resources/docgen/type_notes.h"

#include <map>

#include "absl/strings/str_replace.h"

namespace azbatch::resources::docgen {

namespace {

constexpr char kPoolSections[] = R"md(## Plan-time preflight checks

While planning a create, or a change of `fixed_scale`, `auto_scale`, `image_reference`,
`node_agent_sku_id`, `account_id` or `vm_size`, the provider checks the pool against the image,
the VM sizes Batch offers and the Batch account's quotas, so that a mistake shows in `plan`
instead of as a failed resize later.

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

The VM size and quota checks run for any image, once `account_id` is known and the account
exists:

| Check | Reads | Result |
|---|---|---|
| `vm_size` is offered by Batch in the account's region | the Batch account (region, quotas) and `Microsoft.Batch/locations/{region}/virtualMachineSkus` (every page) | error on `vm_size` listing the closest offered names |
| `vm_size` is not retiring (`batchSupportEndOfLife` set) | as above | warning with the date |
| Dedicated cores: nodes × the size's vCPUs, plus the cores of the account's other pools, within `dedicatedCoreQuota` | as above, and the account's pools (one list) | error over the quota, warning within 10% of it |
| The same against the size's family quota, when the account has `dedicatedCoreQuotaPerVMFamilyEnforced` | as above | error / warning |
| Low-priority cores within `lowPriorityCoreQuota` | as above | error / warning |
| A new pool within the account's `poolQuota` | as above | error on `name` / warning within 10% |

The errors name the attribute that asks for the nodes (`fixed_scale.target_dedicated_nodes`,
`fixed_scale.target_low_priority_nodes` or `auto_scale.formula`) and give the numbers: cores
needed, cores in use by the account's other pools (the larger of their current and target node
counts), the quota and the family, the increase to ask for, and the node count that fits. With
`auto_scale`, the node counts are the formula's upper bounds when they can be read (a number,
`min(...)` with a number, `max(...)`/`?:` of bounded values, variables assigned those);
otherwise a warning says the quota was not checked. Accounts in `UserSubscription` mode report
no Batch quotas (the subscription's apply), so only the size is checked for them.

ARM calls per plan of a pool, with `preflight = true`: the image checks 3 GETs (definition,
version, account), 1 more when `image_reference.id` is a definition (its versions), 3 more for
an image in another subscription (both subscriptions, `Microsoft.Batch` there); the size checks
2 GETs (account, `virtualMachineSkus`, plus one per further page); the quota checks 1 GET (the
account's pools). A plan that changes none of the attributes above makes
no call.

When an id is unknown at plan time (the first apply of a configuration that also creates the
image or the account), the same checks run again during apply, just before the pool is created
(or re-scaled): their errors stop it before anything is sent to Batch; their warnings are not
repeated.

A Batch account that does not exist yet is a warning (its region is checked on a later plan).
A read that fails for another reason than "not found" is a warning, and the plan goes on
unchecked. Set `preflight = false` in the provider block (or `ARM_PREFLIGHT=false`) to skip the
reads, e.g. when the credentials of the plan may not read the gallery, list pools or read
quotas.

## Rolling a pool onto a new image

A pool with nodes that gets a new image is replaced. To replace it without a moment without
nodes, name it with `name_prefix` instead of `name` and add
`lifecycle { create_before_destroy = true }`: the new pool gets the prefix plus eight random
lowercase letters and digits, its create finishes only when its allocation is Steady with its
nodes (a failed resize stops the apply and keeps the old pool), and only then is the old pool
deleted. `examples/roll-pool-image` shows a move from image version 1.0.0 to 1.1.0.

The generated name is known after apply; read it from `name`. An imported pool whose name fits
the configured prefix keeps its name (the plan records the prefix in place).
)md";

constexpr char kAccountSections[] = R"md(## Plan-time name check

Batch account names are DNS names (`{name}.{region}.batch.azure.com`): one name per region
across all of Azure. While planning the creation of an account, with `preflight = true` (the
default), the provider asks Batch whether the name is free
(`POST .../providers/Microsoft.Batch/locations/{region}/checkNameAvailability`, one call per
plan). A name Batch calls invalid, or one already in use, is an error on `name` before anything
is created. When the name is in use, one more call lists the subscription's Batch accounts: if
the account is yours, the error gives its id and the `import` command to adopt it (`ADDRESS` is
the address your configuration gives the `azbatch_account` resource, e.g.
`azbatch_account.main`). The check also runs during apply when the name or region was unknown
at plan time. Set `preflight = false` in the provider block to skip it.
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
verified certificate. A bare loopback `host:port` means http; for the emulator in TLS mode
(`--tls --tls-cert-file cert.pem`) spell the scheme out and trust its certificate, which
OpenSSL reads from `SSL_CERT_FILE`:

```sh
build/bin/arm-emulator --tls --tls-cert-file /tmp/arm.pem --port 0 --ready-file /tmp/arm.url &
export ARM_METADATA_HOSTNAME=$(cat /tmp/arm.url) SSL_CERT_FILE=/tmp/arm.pem  # https://127.0.0.1:PORT
```

## Functions and sizing without Azure

`provider::azbatch::min_replicas`, `provider::azbatch::parse_resource_id` and the
`azbatch_pool_sizing` data source need no Azure settings: with an empty provider block and no
`ARM_SUBSCRIPTION_ID`, only the resources and data sources that call Azure report what to set.

## Plan-time checks

With `preflight = true` (the default) the provider checks that Microsoft.Compute and
Microsoft.Batch are registered before its first write to each (a plan that only reads checks
nothing), `azbatch_pool` checks its image, VM size and the Batch account's quotas while
planning (see the pool's page), and `azbatch_account` checks that a new account's name is free.
Every new or changed `location` and `target_region` name is checked against the subscription's
regions (`GET /subscriptions/{id}/locations`, read once per provider process): an unknown name is
an error on that attribute that lists the close names (`westeurpoe` → `westeurope`); names and
display names (`West Europe`) are both accepted. `preflight = false` turns all of them off.
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
      {"azbatch_account",
       {"Batch", ResourceType::kBatchAccount, {"key_vault_reference"}, kAccountSections}},
      {"azbatch_pool", {"Batch", ResourceType::kBatchPool, {}, kPoolSections}},
      {"azbatch_pool_sizing", {"Batch", std::nullopt, {}, ""}},
      {"azbatch_vm_sizes", {"Batch", std::nullopt, {}, ""}},
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
