# no_wait.tf scaled to 10 nodes, stopping the resize still running.
resource "azbatch_pool" "p" {
  name              = "pool1"
  account_id        = "{{account_id}}"
  vm_size           = "Standard_D2s_v3"
  node_agent_sku_id = "batch.node.ubuntu 22.04"
  image_reference {
    id = "{{image_id}}"
  }
  fixed_scale {
    target_dedicated_nodes = 10
    resize_timeout         = "PT8H"
  }
  wait_for_steady_state = false
  stop_pending_resize   = true
}
