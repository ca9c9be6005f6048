resource "azbatch_gallery" "g" {
  name                = "{{name}}"
  resource_group_name = azbatch_resource_group.rg.name
  location            = azbatch_resource_group.rg.location
  description         = "{{description}}"
  tags                = { team = "hpc" }
}

output "unique_name" { value = azbatch_gallery.g.unique_name }
