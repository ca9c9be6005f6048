resource "azbatch_resource_group" "example" {
  name     = "example-batch"
  location = "westeurope"
}

resource "azbatch_account" "example" {
  name                = "examplebatch"
  resource_group_name = azbatch_resource_group.example.name
  location            = azbatch_resource_group.example.location

  # Microsoft Entra ID only: no shared keys.
  allowed_authentication_modes = ["AAD"]

  identity {
    type = "SystemAssigned"
  }

  tags = {
    environment = "dev"
  }
}
