resource "azbatch_gallery" "g" {
  name                = "{{name}}"
  resource_group_name = azbatch_resource_group.rg.name
  location            = azbatch_resource_group.rg.location
}

output "unique_name" { value = azbatch_gallery.g.unique_name }
