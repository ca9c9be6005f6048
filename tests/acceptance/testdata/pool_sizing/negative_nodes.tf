data "azbatch_pool_sizing" "this" {
  target_dedicated_nodes = -3
}
