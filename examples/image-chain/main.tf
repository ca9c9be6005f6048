# Snapshot (seeded) -> managed image -> gallery -> image definition -> image
# version replicated to two regions. See README.md for seeding the snapshot.
terraform {
  required_providers {
    azbatch = {
      source = "local.azbatch.dev/azbatch/azbatch"
    }
  }
}

provider "azbatch" {}

variable "subscription_id" {
  type    = string
  default = "00000000-0000-0000-0000-0000000000bb"
}

locals {
  os_snapshot_id = "/subscriptions/${var.subscription_id}/resourceGroups/image-src/providers/Microsoft.Compute/snapshots/ubuntu-os"
}

resource "azbatch_resource_group" "images" {
  name     = "batch-images"
  location = "westeurope"
}

resource "azbatch_managed_image" "base" {
  name                = "ubuntu-base"
  resource_group_name = azbatch_resource_group.images.name
  location            = azbatch_resource_group.images.location
  os_type             = "Linux"
  os_disk_snapshot_id = local.os_snapshot_id
  hyper_v_generation  = "V2"
}

resource "azbatch_gallery" "this" {
  name                = "batch_gallery"
  resource_group_name = azbatch_resource_group.images.name
  location            = azbatch_resource_group.images.location
  description         = "Images for Batch pools"
}

resource "azbatch_image_definition" "ubuntu" {
  name               = "ubuntu-2204-batch"
  gallery_id         = azbatch_gallery.this.id
  location           = azbatch_gallery.this.location
  os_type            = "Linux"
  hyper_v_generation = "V2"
  identifier = {
    publisher = "contoso"
    offer     = "batch-nodes"
    sku       = "22_04"
  }
}

resource "azbatch_image_version" "v1" {
  name                = "1.0.0"
  image_definition_id = azbatch_image_definition.ubuntu.id
  location            = azbatch_image_definition.ubuntu.location
  managed_image_id    = azbatch_managed_image.base.id

  # Ordered; the first entry is the version's own region.
  target_region = [
    { name = "westeurope" },
    { name = "North Europe", regional_replica_count = 2 },
  ]

  timeouts {
    create = "3h"
  }
}

data "azbatch_image_version" "latest" {
  image_definition_id = azbatch_image_definition.ubuntu.id
  region              = "northeurope"
  depends_on          = [azbatch_image_version.v1]
}

output "latest_version_id" {
  value = data.azbatch_image_version.latest.id
}
