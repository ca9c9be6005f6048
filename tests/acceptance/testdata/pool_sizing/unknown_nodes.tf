resource "terraform_data" "nodes" {
  input = 900
}

data "azbatch_pool_sizing" "this" {
  target_dedicated_nodes = terraform_data.nodes.output
}
