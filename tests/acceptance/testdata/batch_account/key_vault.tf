resource "azbatch_account" "a" {
  name                 = "accbasic"
  resource_group_name  = azbatch_resource_group.rg.name
  location             = azbatch_resource_group.rg.location
  pool_allocation_mode = "UserSubscription"
  key_vault_reference {
    id  = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/acc-batch/providers/Microsoft.KeyVault/vaults/kv1"
    url = "https://kv1.vault.azure.net/"
  }
}
