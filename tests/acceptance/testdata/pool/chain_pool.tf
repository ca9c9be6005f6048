# A pool from the version of image_chain.tf, with a start task and metadata.
resource "azbatch_pool" "p" {
  name              = "pool1"
  account_id        = "{{account_id}}"
  vm_size           = "{{vm_size}}"
  node_agent_sku_id = "batch.node.ubuntu 22.04"
  image_reference {
    id = azbatch_image_version.v.id
  }
  fixed_scale {
    target_dedicated_nodes = {{nodes}}
  }
  start_task {
    command_line = "/bin/bash -c 'echo stage {{stage}}'"
    environment  = { STAGE = "{{stage}}" }
  }
  metadata = { team = "hpc" }
}
