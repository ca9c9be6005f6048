# complete.tf without SharedKey, the identity and the network rules.
resource "azbatch_account" "a" {
  name                         = "acccomplete"
  resource_group_name          = azbatch_resource_group.rg.name
  location                     = azbatch_resource_group.rg.location
  allowed_authentication_modes = ["AAD"]
  tags                         = { env = "test" }
}
