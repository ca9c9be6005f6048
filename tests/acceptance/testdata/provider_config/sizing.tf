data "azbatch_pool_sizing" "this" {
  target_dedicated_nodes = 600
}

output "replicas" { value = data.azbatch_pool_sizing.this.min_replicas_per_region }
