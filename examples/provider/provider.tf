terraform {
  required_providers {
    azbatch = {
      source  = "local.azbatch.dev/azbatch/azbatch"
      version = "0.1.0"
    }
  }
}

# Every setting falls back to its ARM_* environment variable, as in azurerm:
# ARM_SUBSCRIPTION_ID, ARM_TENANT_ID, ARM_CLIENT_ID, ARM_CLIENT_SECRET,
# ARM_USE_OIDC, ARM_USE_MSI, ARM_USE_CLI, ARM_METADATA_HOSTNAME, ...
# With none set, the Azure CLI login (`az login`) is used.
provider "azbatch" {
  environment = "public"

  # Register Microsoft.Compute and Microsoft.Batch when the subscription has
  # not yet (set "none" when the principal may not register providers).
  resource_provider_registrations = "core"

  # Check pools against their gallery image at plan time.
  preflight = true
}
