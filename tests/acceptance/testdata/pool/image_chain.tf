# The version of the definition in shared/image_definition.tf, replicated to
# the account's region, from the snapshot the test seeds.
resource "azbatch_image_version" "v" {
  name                = "1.0.0"
  image_definition_id = azbatch_image_definition.d.id
  location            = "westeurope"
  os_disk_snapshot_id = "/subscriptions/{{subscription_id}}/resourceGroups/acc-src/providers/Microsoft.Compute/snapshots/os-snap"
  target_region       = [{ name = "westeurope" }]
}
