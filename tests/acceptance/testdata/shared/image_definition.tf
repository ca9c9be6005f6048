# A Linux definition "ubuntu" in the gallery of shared/gallery.tf.
resource "azbatch_image_definition" "d" {
  name       = "ubuntu"
  gallery_id = azbatch_gallery.g.id
  location   = "westeurope"
  os_type    = "Linux"
  identifier = {
    publisher = "contoso"
    offer     = "batch"
    sku       = "22_04"
  }
}
