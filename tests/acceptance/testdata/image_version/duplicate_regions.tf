resource "azbatch_image_version" "v" {
  name                = "1.0.0"
  image_definition_id = azbatch_image_definition.d.id
  location            = "westeurope"
  os_disk_snapshot_id = "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/acc-src/providers/Microsoft.Compute/snapshots/os-snap"
  target_region = [
    { name = "westeurope" },
    { name = "West Europe" },
  ]
}
