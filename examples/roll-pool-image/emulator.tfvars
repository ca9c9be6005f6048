# What emulator-seed.json creates in the local emulator: an image definition, a
# managed image and a Batch account.
image_definition_id = "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/batch-roll/providers/Microsoft.Compute/galleries/batch_images/images/render-node"
managed_image_id    = "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/batch-roll/providers/Microsoft.Compute/images/ubuntu-base"
batch_account_id    = "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/batch-roll/providers/Microsoft.Batch/batchAccounts/rollbatch"
