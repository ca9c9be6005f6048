resource "azbatch_resource_group" "rg" {
  name     = "acc-img"
  location = "westeurope"
}
