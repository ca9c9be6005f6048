data "azbatch_pool_sizing" "this" {
  target_dedicated_nodes = 10
  vms_per_replica        = 0
}
