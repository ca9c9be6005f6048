# The whole "custom pool from a gallery image" workflow:
#   OS-disk snapshot -> managed image -> gallery -> image definition -> image
#   version replicated to the Batch account's region -> Batch account -> pool.
# Against the local emulator the snapshot is seeded by scripts/demo.sh; against
# Azure, point var.os_snapshot_id at a snapshot of a generalized OS disk.
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

variable "location" {
  type    = string
  default = "westeurope"
}

variable "os_snapshot_id" {
  type        = string
  description = "Snapshot of a generalized Linux OS disk in var.location."
  default     = null
}

variable "dedicated_nodes" {
  type    = number
  default = 4
}

locals {
  os_snapshot_id = coalesce(var.os_snapshot_id,
  "/subscriptions/${var.subscription_id}/resourceGroups/image-src/providers/Microsoft.Compute/snapshots/ubuntu-os")
}

# Replicas and resize timeout that Azure's guidance asks for at this size.
data "azbatch_pool_sizing" "pool" {
  target_dedicated_nodes = var.dedicated_nodes
}

resource "azbatch_resource_group" "batch" {
  name     = "batch-custom-pool"
  location = var.location
}

resource "azbatch_managed_image" "base" {
  name                = "ubuntu-2204-base"
  resource_group_name = azbatch_resource_group.batch.name
  location            = azbatch_resource_group.batch.location
  os_type             = "Linux"
  os_disk_snapshot_id = local.os_snapshot_id
  hyper_v_generation  = "V2"
}

resource "azbatch_gallery" "images" {
  name                = "batch_images"
  resource_group_name = azbatch_resource_group.batch.name
  location            = azbatch_resource_group.batch.location
  description         = "Images for Batch pools"
}

resource "azbatch_image_definition" "ubuntu" {
  name               = "ubuntu-2204-batch"
  gallery_id         = azbatch_gallery.images.id
  location           = azbatch_gallery.images.location
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

  target_region = [
    {
      name                   = var.location
      regional_replica_count = data.azbatch_pool_sizing.pool.min_replicas_per_region
    },
  ]
}

resource "azbatch_account" "batch" {
  name                         = "contosobatch"
  resource_group_name          = azbatch_resource_group.batch.name
  location                     = azbatch_resource_group.batch.location
  allowed_authentication_modes = ["AAD"]
}

resource "azbatch_pool" "render" {
  name              = "render"
  account_id        = azbatch_account.batch.id
  display_name      = "Render nodes from the gallery image"
  vm_size           = "Standard_D2s_v3"
  node_agent_sku_id = "batch.node.ubuntu 22.04"

  image_reference {
    id = azbatch_image_version.v1.id
  }

  fixed_scale {
    target_dedicated_nodes = var.dedicated_nodes
    resize_timeout         = data.azbatch_pool_sizing.pool.recommended_resize_timeout
  }

  start_task {
    command_line = "/bin/bash -c 'mkdir -p $AZ_BATCH_NODE_SHARED_DIR/cache && echo ready'"
    environment = {
      RENDER_QUALITY = "high"
    }
    user_identity {
      auto_user {
        scope           = "Pool"
        elevation_level = "Admin"
      }
    }
  }

  metadata = {
    workload = "render"
  }
}

output "image_version_id" {
  value = azbatch_image_version.v1.id
}

output "batch_account_endpoint" {
  value = azbatch_account.batch.account_endpoint
}

output "pool_id" {
  value = azbatch_pool.render.id
}

output "pool_nodes" {
  value = "${azbatch_pool.render.current_dedicated_nodes} dedicated nodes, allocation ${azbatch_pool.render.allocation_state}"
}
