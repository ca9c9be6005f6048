resource "azbatch_image_definition" "d" {
  name       = "ubuntu-2204"
  gallery_id = azbatch_gallery.g.id
  location   = "{{location}}"
  os_type    = "Linux"
  identifier = {
    publisher = "contoso"
    offer     = "batch"
    sku       = "{{sku}}"
  }
  hyper_v_generation                  = "V2"
  trusted_launch_supported            = true
  accelerated_network_support_enabled = true
  disk_controller_type_nvme_enabled   = true
  min_recommended_vcpu_count          = 2
  max_recommended_vcpu_count          = {{max_vcpus}}
  disk_types_not_allowed              = ["Standard_LRS"]
  eula                                = "https://contoso.example/eula"
  release_note_uri                    = "https://contoso.example/notes"
  end_of_life_date                    = "2030-01-01T00:00:00Z"
  description                         = "{{description}}"
  tags                                = { os = "ubuntu" }
}
