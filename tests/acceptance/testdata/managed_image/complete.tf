resource "azbatch_managed_image" "img" {
  name                 = "acc-image"
  resource_group_name  = azbatch_resource_group.rg.name
  location             = azbatch_resource_group.rg.location
  os_type              = "Linux"
  os_disk_snapshot_id  = "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/acc-src/providers/Microsoft.Compute/snapshots/os-snap"
  os_disk_caching      = "ReadWrite"
  os_disk_storage_type = "Premium_LRS"
  data_disk = [
    { lun = 1, snapshot_id = "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/acc-src/providers/Microsoft.Compute/snapshots/data-snap", caching = "{{data_disk_caching}}" },
  ]
  hyper_v_generation = "V2"
  zone_resilient     = true
  tags               = { stage = "{{stage}}" }
}
