output "replicas" { value = data.azbatch_pool_sizing.this.min_replicas_per_region }
output "timeout" { value = data.azbatch_pool_sizing.this.recommended_resize_timeout }
output "total" { value = data.azbatch_pool_sizing.this.total_nodes }
