# Azure's guidance for a pool from a gallery image: one image replica per 300
# VMs in the pool's region, and 15 minutes of resize timeout per 1000 VMs.
data "azbatch_pool_sizing" "example" {
  target_dedicated_nodes    = 2500
  target_low_priority_nodes = 500
}

output "min_replicas_per_region" {
  value = data.azbatch_pool_sizing.example.min_replicas_per_region # 10
}

output "recommended_resize_timeout" {
  value = data.azbatch_pool_sizing.example.recommended_resize_timeout # "PT45M"
}
