# {{attribute}} is one more attribute line.
resource "azbatch_account" "a" {
  name                = "{{name}}"
  resource_group_name = azbatch_resource_group.rg.name
  location            = azbatch_resource_group.rg.location
  {{attribute}}
}
