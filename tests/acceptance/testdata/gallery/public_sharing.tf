resource "azbatch_gallery" "g" {
  name                = "ok"
  resource_group_name = azbatch_resource_group.rg.name
  location            = azbatch_resource_group.rg.location
  sharing {
    permission = "Public"
  }
}
