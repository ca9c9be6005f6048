data "azbatch_pool_sizing" "this" {
  target_dedicated_nodes    = 10
  target_low_priority_nodes = 2.5
}
