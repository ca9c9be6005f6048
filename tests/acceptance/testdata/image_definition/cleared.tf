# complete.tf without the optional values end_of_life_date, description,
# release_note_uri, min_recommended_vcpu_count and disk_types_not_allowed.
resource "azbatch_image_definition" "d" {
  name       = "ubuntu-2204"
  gallery_id = azbatch_gallery.g.id
  location   = "West Europe"
  os_type    = "Linux"
  identifier = {
    publisher = "contoso"
    offer     = "batch"
    sku       = "22_04"
  }
  hyper_v_generation                  = "V2"
  trusted_launch_supported            = true
  accelerated_network_support_enabled = true
  disk_controller_type_nvme_enabled   = true
  max_recommended_vcpu_count          = 32
  eula                                = "https://contoso.example/eula"
  tags                                = { os = "ubuntu" }
}
