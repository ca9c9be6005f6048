variable "os_snapshot_id" {
  type        = string
  description = "ARM id of a snapshot of a generalized Linux OS disk in West Europe."
}

resource "azbatch_resource_group" "example" {
  name     = "example-images"
  location = "westeurope"
}

resource "azbatch_managed_image" "example" {
  name                = "ubuntu-2204-base"
  resource_group_name = azbatch_resource_group.example.name
  location            = azbatch_resource_group.example.location
  os_type             = "Linux"
  os_state            = "Generalized"
  os_disk_snapshot_id = var.os_snapshot_id
  hyper_v_generation  = "V2"
}
