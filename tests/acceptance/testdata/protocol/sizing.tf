data "azbatch_pool_sizing" "s" {
  target_dedicated_nodes = 10
}

output "r" { value = data.azbatch_pool_sizing.s.min_replicas_per_region }
