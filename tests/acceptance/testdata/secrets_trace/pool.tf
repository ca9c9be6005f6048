# Five secrets, beside strings full of quotes and backslashes.
resource "azbatch_pool" "p" {
  name              = "pool1"
  account_id        = "{{account_id}}"
  vm_size           = "Standard_D2s_v3"
  node_agent_sku_id = "batch.node.ubuntu 22.04"
  image_reference {
    id = "{{image_id}}"
  }
  fixed_scale {
    target_dedicated_nodes = 1
  }
  display_name = "Render 4\" nodes \\ \"x\""
  metadata     = { note = "say \"hi\"", path = "C:\\temp" }
  user_account {
    name                  = "worker"
    password              = "{{user_password}}"
    linux_ssh_private_key = "{{ssh_private_key}}"
  }
  mount {
    cifs {
      user_name           = "u"
      source              = "//srv/share"
      relative_mount_path = "cifs"
      password            = "{{cifs_password}}"
    }
  }
  mount {
    azure_blob {
      account_name        = "acct"
      container_name      = "c"
      relative_mount_path = "blob"
      account_key         = "{{blob_account_key}}"
    }
  }
  start_task {
    command_line = "/bin/sh -c 'echo \"quoted\" \\'"
    container {
      image_name = "ubuntu"
      registry {
        registry_server = "reg.example"
        user_name       = "u"
        password        = "{{registry_password}}"
      }
    }
  }
}
