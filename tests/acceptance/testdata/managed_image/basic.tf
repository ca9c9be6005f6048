# From an OS-disk snapshot only; {{attribute}} is one more attribute line.
resource "azbatch_managed_image" "img" {
  name                = "{{name}}"
  resource_group_name = azbatch_resource_group.rg.name
  location            = azbatch_resource_group.rg.location
  os_type             = "Linux"
  os_disk_snapshot_id = "{{os_snapshot_id}}"
  {{attribute}}
}
