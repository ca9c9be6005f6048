// GET bodies of the seven ARM resources, shaped as Azure returns them: the
// emulator's answers after applying examples/custom-pool-from-gallery, with
// the optional properties the 2025 specifications document (sharing groups,
// features, data disks, identities, network profiles...) filled in so every
// read path has something to read. Test data for read_robustness_test.cc.
#ifndef AZBATCH_RESOURCES_TESTDATA_ARM_GET_BODIES_H_
#define AZBATCH_RESOURCES_TESTDATA_ARM_GET_BODIES_H_

namespace azbatch::resources::testdata {

inline constexpr char kResourceGroup[] = R"json(
{
 "id": "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/batch-custom-pool",
 "location": "westeurope",
 "name": "batch-custom-pool",
 "properties": {
  "provisioningState": "Succeeded"
 },
 "tags": {
  "env": "dev"
 },
 "type": "Microsoft.Resources/resourceGroups"
}
)json";

inline constexpr char kGallery[] = R"json(
{
 "id": "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/batch-custom-pool/providers/Microsoft.Compute/galleries/batch_images",
 "location": "westeurope",
 "name": "batch_images",
 "properties": {
  "description": "Images for Batch pools",
  "identifier": {
   "uniqueName": "00000000-0000-0000-0000-0000000000bb-BATCH_IMAGES"
  },
  "provisioningState": "Succeeded",
  "sharingProfile": {
   "permissions": "Groups",
   "groups": [
    {
     "type": "Subscriptions",
     "ids": [
      "00000000-0000-0000-0000-0000000000cc"
     ]
    },
    {
     "type": "AADTenants",
     "ids": [
      "00000000-0000-0000-0000-0000000000aa"
     ]
    }
   ],
   "communityGalleryInfo": {
    "publisherUri": "https://contoso.com",
    "publisherContact": "a@contoso.com",
    "eula": "https://contoso.com/eula",
    "publicNamePrefix": "contoso",
    "communityGalleryEnabled": false,
    "publicNames": [
     "contoso-1"
    ]
   }
  },
  "softDeletePolicy": {
   "isSoftDeleteEnabled": false
  }
 },
 "tags": {
  "env": "dev"
 },
 "type": "Microsoft.Compute/galleries"
}
)json";

inline constexpr char kImageDefinition[] = R"json(
{
 "id": "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/batch-custom-pool/providers/Microsoft.Compute/galleries/batch_images/images/ubuntu-2204-batch",
 "location": "westeurope",
 "name": "ubuntu-2204-batch",
 "properties": {
  "architecture": "x64",
  "hyperVGeneration": "V2",
  "identifier": {
   "offer": "batch-nodes",
   "publisher": "contoso",
   "sku": "22_04"
  },
  "osState": "Generalized",
  "osType": "Linux",
  "provisioningState": "Succeeded",
  "description": "Ubuntu for Batch",
  "eula": "https://contoso.com/eula",
  "privacyStatementUri": "https://contoso.com/privacy",
  "releaseNoteUri": "https://contoso.com/notes",
  "endOfLifeDate": "2030-01-01T00:00:00+00:00",
  "recommended": {
   "vCPUs": {
    "min": 2,
    "max": 64
   },
   "memory": {
    "min": 4,
    "max": 256
   }
  },
  "disallowed": {
   "diskTypes": [
    "Standard_LRS"
   ]
  },
  "purchasePlan": {
   "name": "p",
   "publisher": "contoso",
   "product": "batch"
  },
  "features": [
   {
    "name": "SecurityType",
    "value": "TrustedLaunchSupported"
   },
   {
    "name": "IsAcceleratedNetworkSupported",
    "value": "True"
   },
   {
    "name": "IsHibernateSupported",
    "value": "False"
   },
   {
    "name": "DiskControllerTypes",
    "value": "SCSI, NVMe"
   }
  ]
 },
 "tags": {
  "env": "dev"
 },
 "type": "Microsoft.Compute/galleries/images"
}
)json";

inline constexpr char kImageVersion[] = R"json(
{
 "id": "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/batch-custom-pool/providers/Microsoft.Compute/galleries/batch_images/images/ubuntu-2204-batch/versions/1.0.0",
 "location": "westeurope",
 "name": "1.0.0",
 "properties": {
  "provisioningState": "Succeeded",
  "publishingProfile": {
   "excludeFromLatest": false,
   "publishedDate": "2026-12-05T01:06:15.804220Z",
   "replicaCount": 1,
   "replicationMode": "Full",
   "storageAccountType": "Standard_LRS",
   "targetRegions": [
    {
     "excludeFromLatest": false,
     "name": "West Europe",
     "regionalReplicaCount": 1,
     "storageAccountType": "Standard_LRS",
     "encryption": {
      "osDiskImage": {
       "diskEncryptionSetId": "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/r/providers/Microsoft.Compute/diskEncryptionSets/des"
      }
     }
    },
    {
     "name": "North Europe",
     "regionalReplicaCount": 2,
     "storageAccountType": "Premium_LRS",
     "excludeFromLatest": true
    }
   ],
   "endOfLifeDate": "2030-01-01T00:00:00+00:00"
  },
  "replicationStatus": {
   "aggregatedState": "Completed",
   "summary": [
    {
     "details": "",
     "progress": 100,
     "region": "West Europe",
     "state": "Completed"
    },
    {
     "region": "North Europe",
     "state": "Replicating",
     "progress": 40,
     "details": ""
    }
   ]
  },
  "safetyProfile": {
   "allowDeletionOfReplicatedLocations": false,
   "reportedForPolicyViolation": false
  },
  "storageProfile": {
   "osDiskImage": {
    "hostCaching": "ReadOnly",
    "sizeInGB": 30
   },
   "source": {
    "id": "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/batch-custom-pool/providers/Microsoft.Compute/images/ubuntu-2204-base"
   },
   "dataDiskImages": [
    {
     "lun": 1,
     "hostCaching": "None",
     "sizeInGB": 64,
     "source": {
      "id": "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/r/providers/Microsoft.Compute/snapshots/data1"
     }
    }
   ]
  }
 },
 "tags": {
  "env": "dev"
 },
 "type": "Microsoft.Compute/galleries/images/versions"
}
)json";

inline constexpr char kManagedImage[] = R"json(
{
 "id": "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/batch-custom-pool/providers/Microsoft.Compute/images/ubuntu-2204-base",
 "location": "westeurope",
 "name": "ubuntu-2204-base",
 "properties": {
  "hyperVGeneration": "V2",
  "provisioningState": "Succeeded",
  "storageProfile": {
   "osDisk": {
    "caching": "None",
    "diskSizeGB": 30,
    "osState": "Generalized",
    "osType": "Linux",
    "snapshot": {
     "id": "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/image-src/providers/Microsoft.Compute/snapshots/ubuntu-os"
    },
    "storageAccountType": "Premium_LRS",
    "blobUri": "https://s.blob.core.windows.net/vhds/os.vhd"
   },
   "zoneResilient": false,
   "dataDisks": [
    {
     "lun": 0,
     "snapshot": {
      "id": "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/r/providers/Microsoft.Compute/snapshots/d0"
     },
     "managedDisk": {
      "id": "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/r/providers/Microsoft.Compute/disks/d0"
     },
     "caching": "ReadOnly",
     "diskSizeGB": 64,
     "storageAccountType": "Standard_LRS"
    }
   ]
  },
  "sourceVirtualMachine": {
   "id": "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/r/providers/Microsoft.Compute/virtualMachines/vm"
  }
 },
 "tags": {
  "env": "dev"
 },
 "type": "Microsoft.Compute/images"
}
)json";

inline constexpr char kBatchAccount[] = R"json(
{
 "id": "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/batch-custom-pool/providers/Microsoft.Batch/batchAccounts/contosobatch",
 "identity": {
  "type": "SystemAssigned, UserAssigned",
  "principalId": "p-1",
  "tenantId": "t-1",
  "userAssignedIdentities": {
   "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/batch-custom-pool/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1": {
    "principalId": "p-2",
    "clientId": "c-2"
   }
  }
 },
 "location": "westeurope",
 "name": "contosobatch",
 "properties": {
  "accountEndpoint": "contosobatch.westeurope.batch.azure.com",
  "activeJobAndJobScheduleQuota": 300,
  "allowedAuthenticationModes": [
   "SharedKey",
   "AAD",
   "TaskAuthenticationToken"
  ],
  "dedicatedCoreQuota": 500,
  "dedicatedCoreQuotaPerVMFamily": [
   {
    "coreQuota": 500,
    "name": "standardDv3Family"
   },
   {
    "coreQuota": 500,
    "name": "standardDSv3Family"
   },
   {
    "coreQuota": 500,
    "name": "standardDv5Family"
   },
   {
    "coreQuota": 500,
    "name": "standardDSv5Family"
   },
   {
    "coreQuota": 500,
    "name": "standardEv5Family"
   },
   {
    "coreQuota": 500,
    "name": "standardFSv2Family"
   },
   {
    "coreQuota": 500,
    "name": "standardNCASv3_T4Family"
   },
   {
    "coreQuota": 500,
    "name": "StandardNCADSA100v4Family"
   },
   {
    "coreQuota": 500,
    "name": "standardNVSv3Family"
   }
  ],
  "dedicatedCoreQuotaPerVMFamilyEnforced": true,
  "encryption": {
   "keySource": "Microsoft.KeyVault",
   "keyVaultProperties": {
    "keyIdentifier": "https://kv.vault.azure.net/keys/k"
   }
  },
  "lowPriorityCoreQuota": 500,
  "nodeManagementEndpoint": "5b77ba7df1f13f6027bb62c4de78ce9a.westeurope.service.batch.azure.com",
  "poolAllocationMode": "BatchService",
  "poolQuota": 100,
  "provisioningState": "Succeeded",
  "publicNetworkAccess": "Enabled",
  "autoStorage": {
   "storageAccountId": "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/st",
   "authenticationMode": "BatchAccountManagedIdentity",
   "nodeIdentityReference": {
    "resourceId": "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/batch-custom-pool/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1"
   },
   "lastKeySync": "2026-01-01T00:00:00Z"
  },
  "networkProfile": {
   "accountAccess": {
    "defaultAction": "Deny",
    "ipRules": [
     {
      "action": "Allow",
      "value": "203.0.113.0/24"
     }
    ]
   },
   "nodeManagementAccess": {
    "defaultAction": "Allow",
    "ipRules": []
   }
  },
  "keyVaultReference": {
   "id": "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/r/providers/Microsoft.KeyVault/vaults/kv",
   "url": "https://kv.vault.azure.net/"
  }
 },
 "tags": {
  "env": "dev"
 },
 "type": "Microsoft.Batch/batchAccounts"
}
)json";

inline constexpr char kPool[] = R"json(
{
 "etag": "W/\"0x8D000ADD5B8E8A7\"",
 "id": "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/batch-custom-pool/providers/Microsoft.Batch/batchAccounts/contosobatch/pools/render",
 "name": "render",
 "properties": {
  "allocationState": "Steady",
  "allocationStateTransitionTime": "2026-12-05T01:18:32.948117Z",
  "creationTime": "2026-12-05T01:16:32.148117Z",
  "currentDedicatedNodes": 4,
  "currentLowPriorityNodes": 0,
  "deploymentConfiguration": {
   "virtualMachineConfiguration": {
    "imageReference": {
     "id": "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/batch-custom-pool/providers/Microsoft.Compute/galleries/batch_images/images/ubuntu-2204-batch/versions/1.0.0"
    },
    "nodeAgentSkuId": "batch.node.ubuntu 22.04"
   }
  },
  "displayName": "Render nodes from the gallery image",
  "interNodeCommunication": "Disabled",
  "lastModified": "2026-12-05T01:16:32.148117Z",
  "metadata": [
   {
    "name": "workload",
    "value": "render"
   }
  ],
  "provisioningState": "Succeeded",
  "provisioningStateTransitionTime": "2026-12-05T01:16:32.148117Z",
  "resizeOperationStatus": {
   "resizeTimeout": "PT15M",
   "startTime": "2026-12-05T01:16:32.148117Z",
   "targetDedicatedNodes": 4,
   "targetLowPriorityNodes": 0,
   "errors": [
    {
     "code": "AllocationTimedout",
     "message": "timed out",
     "details": [
      {
       "name": "n",
       "value": "v"
      }
     ]
    }
   ]
  },
  "scaleSettings": {
   "fixedScale": {
    "resizeTimeout": "PT15M",
    "targetDedicatedNodes": 4,
    "targetLowPriorityNodes": 0
   }
  },
  "startTask": {
   "commandLine": "/bin/bash -c 'mkdir -p $AZ_BATCH_NODE_SHARED_DIR/cache && echo ready'",
   "environmentSettings": [
    {
     "name": "RENDER_QUALITY",
     "value": "high"
    }
   ],
   "maxTaskRetryCount": 0,
   "userIdentity": {
    "autoUser": {
     "elevationLevel": "Admin",
     "scope": "Pool"
    }
   },
   "waitForSuccess": true,
   "resourceFiles": [
    {
     "httpUrl": "https://x/y",
     "filePath": "y"
    }
   ]
  },
  "targetNodeCommunicationMode": "Default",
  "taskSchedulingPolicy": {
   "nodeFillType": "Spread"
  },
  "taskSlotsPerNode": 1,
  "vmSize": "Standard_D2s_v3",
  "networkConfiguration": {
   "subnetId": "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/vn/subnets/s",
   "publicIPAddressConfiguration": {
    "provision": "BatchManaged"
   },
   "enableAcceleratedNetworking": false
  },
  "upgradePolicy": {
   "mode": "Manual"
  }
 },
 "type": "Microsoft.Batch/batchAccounts/pools",
 "tags": {
  "env": "dev"
 },
 "identity": {
  "type": "UserAssigned",
  "userAssignedIdentities": {
   "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/batch-custom-pool/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1": {
    "principalId": "p-2",
    "clientId": "c-2"
   }
  }
 }
}
)json";

}  // namespace azbatch::resources::testdata

#endif  // AZBATCH_RESOURCES_TESTDATA_ARM_GET_BODIES_H_
