locals {
  image_version_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/example-images/providers/Microsoft.Compute/galleries/example_gallery/images/ubuntu-2204-batch/versions/1.0.0"
}

# Splits an ARM id into its parts.
output "gallery_resource_group" {
  value = provider::azbatch::parse_resource_id(local.image_version_id).resource_group_name # "example-images"
}

output "image_version" {
  value = provider::azbatch::parse_resource_id(local.image_version_id).name # "1.0.0"
}
