resource "azbatch_image_definition" "d" {
  name       = "ubuntu-2204"
  gallery_id = azbatch_gallery.g.id
  location   = "West Europe"
  os_type    = "Linux"
  identifier = { publisher = "contoso", offer = "batch", sku = "22_04" }

  trusted_launch_enabled  = true
  confidential_vm_enabled = true
}
