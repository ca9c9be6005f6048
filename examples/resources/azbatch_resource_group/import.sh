# A resource group is imported by its ARM id.
terraform import azbatch_resource_group.example /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/example-batch
