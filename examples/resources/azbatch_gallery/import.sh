# A gallery is imported by its ARM id.
terraform import azbatch_gallery.example /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/example-images/providers/Microsoft.Compute/galleries/example_gallery
