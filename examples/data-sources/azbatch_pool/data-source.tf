variable "batch_account_id" {
  type        = string
  description = "ARM id of the Batch account that holds the pool."
}

data "azbatch_pool" "render" {
  account_id = var.batch_account_id
  name       = "render"
}

output "render_pool_nodes" {
  value = data.azbatch_pool.render.current_dedicated_nodes
}
