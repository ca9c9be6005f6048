# No output of replication_status here: it keeps changing while Azure replicates.
resource "azbatch_image_version" "v" {
  name                = "{{name}}"
  image_definition_id = azbatch_image_definition.d.id
  location            = "westeurope"
  os_disk_snapshot_id = "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/acc-src/providers/Microsoft.Compute/snapshots/os-snap"
  target_region = [
    { name = "westeurope" },
    { name = "North Europe", regional_replica_count = 2 },
  ]
  wait_for_replication = false
}
