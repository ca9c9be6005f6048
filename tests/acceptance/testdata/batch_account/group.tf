resource "azbatch_resource_group" "rg" {
  name     = "acc-batch"
  location = "westeurope"
}
