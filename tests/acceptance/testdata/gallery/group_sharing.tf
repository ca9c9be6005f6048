resource "azbatch_gallery" "g" {
  name                = "acc_shared"
  resource_group_name = azbatch_resource_group.rg.name
  location            = azbatch_resource_group.rg.location
  sharing {
    permission       = "Groups"
    subscription_ids = ["11111111-1111-1111-1111-111111111111"]
  }
}
