# A pool is imported by its ARM id: the Batch account's id, /pools/ and its name.
terraform import azbatch_pool.example /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/example-batch/providers/Microsoft.Batch/batchAccounts/examplebatch/pools/render
