# A group and a Batch account created in the same apply as the pool.
resource "azbatch_resource_group" "rg" {
  name     = "{{resource_group}}"
  location = "westeurope"
}

resource "azbatch_account" "main" {
  name                = "chainacct"
  resource_group_name = azbatch_resource_group.rg.name
  location            = "westeurope"
}
