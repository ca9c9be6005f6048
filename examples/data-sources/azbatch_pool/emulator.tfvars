# The Batch account emulator-seed.json creates in the local emulator.
batch_account_id = "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/example-batch/providers/Microsoft.Batch/batchAccounts/examplebatch"
