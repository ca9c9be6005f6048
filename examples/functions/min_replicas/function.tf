# Image replicas a region needs for a pool of this many nodes (one per 300).
output "replicas_for_3000_nodes" {
  value = provider::azbatch::min_replicas(3000) # 10
}
