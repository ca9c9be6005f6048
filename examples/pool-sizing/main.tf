# How many image replicas and how long a resize timeout a large Batch pool needs.
# Azure's guidance: one image replica per 300 VMs in each region the pool runs in,
# and a resize timeout of at least 15 minutes per 1000 VMs.
terraform {
  required_providers {
    azbatch = {
      source  = "local.azbatch.dev/azbatch/azbatch"
      version = "0.1.0"
    }
  }
}

provider "azbatch" {}

variable "dedicated_nodes" {
  type    = number
  default = 3000
}

variable "low_priority_nodes" {
  type    = number
  default = 500
}

data "azbatch_pool_sizing" "large" {
  target_dedicated_nodes    = var.dedicated_nodes
  target_low_priority_nodes = var.low_priority_nodes
}

output "min_replicas_per_region" {
  description = "Replicas the image version needs in the pool's region."
  value       = data.azbatch_pool_sizing.large.min_replicas_per_region
}

output "recommended_resize_timeout" {
  description = "ISO 8601 resize timeout for the pool."
  value       = data.azbatch_pool_sizing.large.recommended_resize_timeout
}

output "replicas_for_10000_nodes" {
  value = provider::azbatch::min_replicas(10000)
}

output "image_version_id_parts" {
  value = provider::azbatch::parse_resource_id(
    "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/batchimages/images/ubuntu-22.04/versions/1.0.0"
  )
}
