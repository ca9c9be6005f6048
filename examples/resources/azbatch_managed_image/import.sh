# A managed image is imported by its ARM id.
terraform import azbatch_managed_image.example /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/example-images/providers/Microsoft.Compute/images/ubuntu-2204-base
