provider "azbatch" {
  resource_provider_registrations = "core"
}
