variable "os_snapshot_id" {
  type        = string
  description = "ARM id of a snapshot of a generalized Ubuntu 22.04 OS disk in West Europe."
}

resource "azbatch_resource_group" "example" {
  name     = "example-batch"
  location = "westeurope"
}

# The custom image: gallery -> image definition -> version in the pool's region.
resource "azbatch_gallery" "example" {
  name                = "example_gallery"
  resource_group_name = azbatch_resource_group.example.name
  location            = azbatch_resource_group.example.location
}

resource "azbatch_image_definition" "example" {
  name               = "ubuntu-2204-batch"
  gallery_id         = azbatch_gallery.example.id
  location           = azbatch_gallery.example.location
  os_type            = "Linux"
  hyper_v_generation = "V2"

  identifier = {
    publisher = "contoso"
    offer     = "batch-nodes"
    sku       = "22_04"
  }
}

resource "azbatch_image_version" "example" {
  name                = "1.0.0"
  image_definition_id = azbatch_image_definition.example.id
  location            = azbatch_image_definition.example.location
  os_disk_snapshot_id = var.os_snapshot_id

  target_region = [
    { name = "westeurope" },
  ]
}

resource "azbatch_account" "example" {
  name                = "examplebatch"
  resource_group_name = azbatch_resource_group.example.name
  location            = azbatch_resource_group.example.location
}

resource "azbatch_pool" "example" {
  name              = "render"
  account_id        = azbatch_account.example.id
  vm_size           = "Standard_D2s_v3"
  node_agent_sku_id = "batch.node.ubuntu 22.04"

  image_reference {
    id = azbatch_image_version.example.id
  }

  fixed_scale {
    target_dedicated_nodes = 2
    resize_timeout         = "PT15M"
  }

  start_task {
    command_line = "/bin/bash -c 'echo ready'"
    user_identity {
      auto_user {
        scope           = "Pool"
        elevation_level = "Admin"
      }
    }
  }

  metadata = {
    workload = "render"
  }
}
