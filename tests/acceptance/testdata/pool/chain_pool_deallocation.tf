# chain_pool.tf scaled down to one node, with a node deallocation option.
resource "azbatch_pool" "p" {
  name              = "pool1"
  account_id        = "{{account_id}}"
  vm_size           = "Standard_D2s_v3"
  node_agent_sku_id = "batch.node.ubuntu 22.04"
  image_reference {
    id = azbatch_image_version.v.id
  }
  fixed_scale {
    target_dedicated_nodes   = 1
    node_deallocation_option = "TaskCompletion"
  }
  start_task {
    command_line = "/bin/bash -c 'echo stage 1'"
    environment  = { STAGE = "1" }
  }
  metadata = { team = "hpc" }
}
