variable "os_snapshot_id" {
  type        = string
  description = "ARM id of a snapshot of a generalized Linux OS disk in West Europe."
}

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
  hyper_v_generation = "V2"

  identifier = {
    publisher = "contoso"
    offer     = "batch-nodes"
    sku       = "22_04"
  }
}

resource "azbatch_image_version" "example" {
  name                = "1.0.0"
  image_definition_id = azbatch_image_definition.example.id
  location            = azbatch_image_definition.example.location
  os_disk_snapshot_id = var.os_snapshot_id

  # Ordered; the first region is the version's own. One replica serves about
  # 300 pool nodes in its region (see data.azbatch_pool_sizing).
  target_region = [
    { name = "westeurope", regional_replica_count = 2 },
    { name = "northeurope" },
  ]
}
