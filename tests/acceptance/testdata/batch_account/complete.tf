resource "azbatch_account" "a" {
  name                         = "acccomplete"
  resource_group_name          = azbatch_resource_group.rg.name
  location                     = azbatch_resource_group.rg.location
  public_network_access        = "Enabled"
  allowed_authentication_modes = ["AAD", "SharedKey"]
  identity {
    type = "SystemAssigned"
  }
  network_profile {
    account_access {
      default_action = "Deny"
      ip_rule {
        value = "203.0.113.0/24"
      }
      ip_rule {
        value = "198.51.100.7"
      }
    }
    node_management_access {
      default_action = "Deny"
      ip_rule {
        value = "203.0.113.0/24"
      }
    }
  }
  tags = { env = "test", team = "hpc" }
}
