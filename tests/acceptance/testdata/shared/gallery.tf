resource "azbatch_resource_group" "rg" {
  name     = "{{resource_group}}"
  location = "westeurope"
}

resource "azbatch_gallery" "g" {
  name                = "{{gallery}}"
  resource_group_name = azbatch_resource_group.rg.name
  location            = azbatch_resource_group.rg.location
}
