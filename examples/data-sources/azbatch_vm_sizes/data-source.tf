# The VM sizes Azure Batch offers in a region, and how many nodes of one of
# them fit a Batch account's dedicated core quota (cores = nodes × vCPUs).
data "azbatch_vm_sizes" "westeurope" {
  region = "westeurope"
}

locals {
  d4s_v3 = one([for s in data.azbatch_vm_sizes.westeurope.sizes : s if s.name == "Standard_D4s_v3"])
}

output "gpu_sizes" {
  value = [for s in data.azbatch_vm_sizes.westeurope.sizes : s.name if s.gpus > 0]
}

output "d4s_v3_nodes_in_500_cores" {
  value = floor(500 / local.d4s_v3.vcpus) # 125
}
