resource "azbatch_pool" "p" {
  name              = "pool1"
  account_id        = "{{account_id}}"
  vm_size           = "Standard_D2s_v3"
  node_agent_sku_id = "batch.node.ubuntu 22.04"
  fixed_scale {
    target_dedicated_nodes = 1
  }
}
