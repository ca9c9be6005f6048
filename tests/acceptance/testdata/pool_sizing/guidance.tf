# Each case: [min_replicas_per_region, recommended_resize_timeout].
data "azbatch_pool_sizing" "c0" {
  target_dedicated_nodes = 0
}
data "azbatch_pool_sizing" "c1" {
  target_dedicated_nodes = 300
}
data "azbatch_pool_sizing" "c2" {
  target_dedicated_nodes = 301
}
data "azbatch_pool_sizing" "c3" {
  target_dedicated_nodes = 1001
}
data "azbatch_pool_sizing" "c4" {
  target_dedicated_nodes = 3000
  vms_per_replica        = 600
}
data "azbatch_pool_sizing" "c5" {
  target_dedicated_nodes    = 4000
  target_low_priority_nodes = 500
}

output "c0" { value = [data.azbatch_pool_sizing.c0.min_replicas_per_region, data.azbatch_pool_sizing.c0.recommended_resize_timeout] }
output "c1" { value = [data.azbatch_pool_sizing.c1.min_replicas_per_region, data.azbatch_pool_sizing.c1.recommended_resize_timeout] }
output "c2" { value = [data.azbatch_pool_sizing.c2.min_replicas_per_region, data.azbatch_pool_sizing.c2.recommended_resize_timeout] }
output "c3" { value = [data.azbatch_pool_sizing.c3.min_replicas_per_region, data.azbatch_pool_sizing.c3.recommended_resize_timeout] }
output "c4" { value = [data.azbatch_pool_sizing.c4.min_replicas_per_region, data.azbatch_pool_sizing.c4.recommended_resize_timeout] }
output "c5" { value = [data.azbatch_pool_sizing.c5.min_replicas_per_region, data.azbatch_pool_sizing.c5.recommended_resize_timeout] }
