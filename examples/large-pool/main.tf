# A 3000-node pool on an existing gallery image version: the sizing data source
# feeds both the image's replica count and the pool's resize timeout, so the
# plan-time preflight has nothing to warn about.
terraform {
  required_providers {
    azbatch = {
      source = "local.azbatch.dev/azbatch/azbatch"
    }
  }
}

provider "azbatch" {}

variable "image_definition_id" {
  type        = string
  description = "Gallery image definition to publish the large pool's version under."
}

variable "managed_image_id" {
  type = string
}

variable "batch_account_id" {
  type = string
}

variable "location" {
  type    = string
  default = "westeurope"
}

data "azbatch_pool_sizing" "large" {
  target_dedicated_nodes    = 2500
  target_low_priority_nodes = 500
}

resource "azbatch_image_version" "large" {
  name                = "2.0.0"
  image_definition_id = var.image_definition_id
  location            = var.location
  managed_image_id    = var.managed_image_id

  # 3000 nodes / 300 per replica = 10 replicas in the pool's region.
  target_region = [
    {
      name                   = var.location
      regional_replica_count = data.azbatch_pool_sizing.large.min_replicas_per_region
    },
  ]

  timeouts {
    create = "3h"
  }
}

resource "azbatch_pool" "large" {
  name              = "large"
  account_id        = var.batch_account_id
  vm_size           = "Standard_D2s_v3"
  node_agent_sku_id = "batch.node.ubuntu 22.04"

  image_reference {
    id = azbatch_image_version.large.id
  }

  fixed_scale {
    target_dedicated_nodes    = data.azbatch_pool_sizing.large.target_dedicated_nodes
    target_low_priority_nodes = data.azbatch_pool_sizing.large.target_low_priority_nodes
    # PT45M: 15 minutes per started 1000 nodes.
    resize_timeout = data.azbatch_pool_sizing.large.recommended_resize_timeout
  }

  # Large resizes take most of an hour.
  timeouts {
    create = "2h"
    update = "2h"
  }
}

output "replicas" {
  value = data.azbatch_pool_sizing.large.min_replicas_per_region
}

output "resize_timeout" {
  value = data.azbatch_pool_sizing.large.recommended_resize_timeout
}

output "nodes" {
  value = azbatch_pool.large.current_dedicated_nodes + azbatch_pool.large.current_low_priority_nodes
}
