# pool.tf with a resize timeout.
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
    resize_timeout         = "{{resize_timeout}}"
  }
}
