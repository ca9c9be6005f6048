# The image definition emulator-seed.json creates in the local emulator.
image_definition_id = "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/example-images/providers/Microsoft.Compute/galleries/example_gallery/images/ubuntu-2204-batch"
