resource "azbatch_resource_group" "rg" {
  name     = "acc-gal"
  location = "westeurope"
}
