data "azbatch_pool_sizing" "this" {
  target_dedicated_nodes    = 3000
  target_low_priority_nodes = 500
}
