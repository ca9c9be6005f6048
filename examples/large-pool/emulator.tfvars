# What emulator-seed.json creates in the local emulator: an image definition, a
# managed image and a Batch account with room for 3000 two-core nodes.
image_definition_id = "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/batch-large/providers/Microsoft.Compute/galleries/batch_images/images/ubuntu-2204-batch"
managed_image_id    = "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/batch-large/providers/Microsoft.Compute/images/ubuntu-base"
batch_account_id    = "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/batch-large/providers/Microsoft.Batch/batchAccounts/largebatch"
