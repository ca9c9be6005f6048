resource "azbatch_managed_image" "img" {
  name                = "acc-image"
  resource_group_name = azbatch_resource_group.rg.name
  location            = azbatch_resource_group.rg.location
  os_type             = "Linux"
}
