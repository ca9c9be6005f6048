variable "image_definition_id" {
  type        = string
  description = "ARM id of a gallery image definition, e.g. one your image pipeline publishes to."
}

# The newest version replicated to West Europe (name defaults to "latest").
data "azbatch_image_version" "latest" {
  image_definition_id = var.image_definition_id
  region              = "westeurope"
}

output "latest_image_version_id" {
  value = data.azbatch_image_version.latest.id
}
