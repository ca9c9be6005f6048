resource "azbatch_resource_group" "example" {
  name     = "example-images"
  location = "westeurope"
}

resource "azbatch_gallery" "example" {
  name                = "example_gallery"
  resource_group_name = azbatch_resource_group.example.name
  location            = azbatch_resource_group.example.location
}

resource "azbatch_image_definition" "example" {
  name               = "ubuntu-2204-batch"
  gallery_id         = azbatch_gallery.example.id
  location           = azbatch_gallery.example.location
  os_type            = "Linux"
  os_state           = "Generalized"
  hyper_v_generation = "V2"
  description        = "Ubuntu 22.04 with the render toolchain"

  identifier = {
    publisher = "contoso"
    offer     = "batch-nodes"
    sku       = "22_04"
  }
}
