# An image version is imported by its ARM id.
terraform import azbatch_image_version.example /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/example-images/providers/Microsoft.Compute/galleries/example_gallery/images/ubuntu-2204-batch/versions/1.0.0
