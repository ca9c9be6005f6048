resource "azbatch_managed_image" "img" {
  name                = "acc-image"
  resource_group_name = azbatch_resource_group.rg.name
  location            = azbatch_resource_group.rg.location
  os_disk_snapshot_id = "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/acc-src/providers/Microsoft.Compute/snapshots/os-snap"
}
