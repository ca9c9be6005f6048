# A pool in the account of account_chain.tf, whose id is unknown at plan time.
resource "azbatch_pool" "p" {
  name              = "pool1"
  account_id        = azbatch_account.main.id
  vm_size           = "Standard_D2s_v3"
  node_agent_sku_id = "batch.node.ubuntu 22.04"
  image_reference {
    id = "{{image_id}}"
  }
  fixed_scale {
    target_dedicated_nodes = 1200
    resize_timeout         = "PT30M"
  }
}
