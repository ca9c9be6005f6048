resource "azbatch_account" "main" {
  name                = "{{name}}"
  resource_group_name = "{{resource_group}}"
  location            = "westeurope"
}
