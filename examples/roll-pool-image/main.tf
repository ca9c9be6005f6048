# Rolling a Batch pool onto a new image version without an outage. The pool is
# named from a prefix and created before it is destroyed: changing its image
# creates a second pool beside the first, waits until its nodes are allocated
# (allocation state Steady), and only then deletes the old one.
#
#   tofu apply                                    # pool on 1.0.0
#   tofu apply -var pool_image_version=1.1.0      # the roll
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
  description = "Gallery image definition the versions are published under."
}

variable "managed_image_id" {
  type        = string
  description = "Managed image each version is built from."
}

variable "batch_account_id" {
  type = string
}

variable "location" {
  type    = string
  default = "westeurope"
}

variable "published_versions" {
  type        = set(string)
  default     = ["1.0.0", "1.1.0"]
  description = "Image versions kept in the gallery."
}

variable "pool_image_version" {
  type        = string
  default     = "1.0.0"
  description = "The published version the pool's nodes run: one of published_versions."
}

resource "azbatch_image_version" "node" {
  for_each            = var.published_versions
  name                = each.key
  image_definition_id = var.image_definition_id
  location            = var.location
  managed_image_id    = var.managed_image_id

  target_region = [
    {
      name                   = var.location
      regional_replica_count = 1
    },
  ]
}

resource "azbatch_pool" "render" {
  # A fixed name would collide with the pool being replaced.
  name_prefix       = "render-"
  account_id        = var.batch_account_id
  vm_size           = "Standard_D2s_v3"
  node_agent_sku_id = "batch.node.ubuntu 22.04"

  image_reference {
    id = azbatch_image_version.node[var.pool_image_version].id
  }

  fixed_scale {
    target_dedicated_nodes = 4
  }

  # Changing the image of a pool with nodes replaces it: the new pool first.
  lifecycle {
    create_before_destroy = true
  }
}

output "pool_name" {
  value = azbatch_pool.render.name
}

output "pool_image" {
  value = azbatch_pool.render.image_reference.id
}
