# chain_pool.tf at one node with a bigger VM size, refusing to be replaced.
resource "azbatch_pool" "p" {
  name              = "pool1"
  account_id        = "{{account_id}}"
  vm_size           = "Standard_D4s_v3"
  node_agent_sku_id = "batch.node.ubuntu 22.04"
  image_reference {
    id = azbatch_image_version.v.id
  }
  fixed_scale {
    target_dedicated_nodes = 1
  }
  start_task {
    command_line = "/bin/bash -c 'echo stage 1'"
    environment  = { STAGE = "1" }
  }
  metadata            = { team = "hpc" }
  prevent_replacement = true
}
