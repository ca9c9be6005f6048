# A Batch account is imported by its ARM id.
terraform import azbatch_account.example /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/example-batch/providers/Microsoft.Batch/batchAccounts/examplebatch
