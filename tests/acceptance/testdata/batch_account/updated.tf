resource "azbatch_account" "a" {
  name                  = "accbasic"
  resource_group_name   = azbatch_resource_group.rg.name
  location              = azbatch_resource_group.rg.location
  public_network_access = "Disabled"
  tags                  = { team = "hpc" }
}
