resource "azbatch_resource_group" "rg" {
  name     = "{{name}}"
  location = "{{location}}"
}
