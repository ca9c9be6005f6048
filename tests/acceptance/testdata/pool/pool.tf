# Pool "pool1" of fixed dedicated nodes from a gallery image version.
resource "azbatch_pool" "p" {
  name              = "pool1"
  account_id        = "{{account_id}}"
  vm_size           = "{{vm_size}}"
  node_agent_sku_id = "{{node_agent}}"
  image_reference {
    id = "{{image_id}}"
  }
  fixed_scale {
    target_dedicated_nodes = {{nodes}}
  }
}
