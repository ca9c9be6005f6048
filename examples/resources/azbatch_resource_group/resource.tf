resource "azbatch_resource_group" "example" {
  name     = "example-batch"
  location = "westeurope"

  tags = {
    environment = "dev"
  }
}
