resource "azbatch_pool" "p" {
  name              = "pool1"
  account_id        = "{{account_id}}"
  vm_size           = "Standard_D2s_v3"
  node_agent_sku_id = "batch.node.ubuntu 22.04"
  image_reference {
    id = "{{image_id}}"
  }
  fixed_scale {
    target_dedicated_nodes = 1
  }
  start_task {
    command_line = "echo"
    resource_file {
      http_url              = "https://example.com/a.sh"
      storage_container_url = "https://acct.blob.core.windows.net/c"
      file_path             = "a.sh"
    }
  }
}
