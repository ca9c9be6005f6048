data "azbatch_pool" "d" {
  account_id = "{{account_id}}"
  name       = "{{name}}"
}

output "vm_size" { value = data.azbatch_pool.d.vm_size }
output "nodes" { value = data.azbatch_pool.d.current_dedicated_nodes }
output "image" { value = data.azbatch_pool.d.image_reference.id }
output "metadata" { value = data.azbatch_pool.d.metadata }
