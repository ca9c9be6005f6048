resource "azbatch_image_definition" "d" {
  name       = "{{name}}"
  gallery_id = azbatch_gallery.g.id
  location   = "West Europe"
  os_type    = "Linux"
  identifier = {
    publisher = "contoso"
    offer     = "batch"
    sku       = "22_04"
  }
  {{attribute}}
}
