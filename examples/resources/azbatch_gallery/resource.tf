resource "azbatch_resource_group" "example" {
  name     = "example-images"
  location = "westeurope"
}

resource "azbatch_gallery" "example" {
  name                = "example_gallery"
  resource_group_name = azbatch_resource_group.example.name
  location            = azbatch_resource_group.example.location
  description         = "Images for Batch pools"
}
