// Every role assignment of the member, each data-plane only, each scoped to the narrowest resource that works:
// a queue, a key, a container, a vault that holds nothing else, a DNS record set. Names are guid(scope,
// principal, role), so a redeployment updates instead of duplicating.

@description('Principal id of the Function App identity.')
param functionPrincipalId string

@description('Principal id of the validator identity.')
param validatorPrincipalId string

@description('Object id of the deploying user or pipeline; empty to skip the key-ceremony role.')
param deployerPrincipalId string

@allowed(['User', 'ServicePrincipal', 'Group'])
@description('Kind of principal behind deployerPrincipalId.')
param deployerPrincipalType string

param appStorageAccountName string
param validatorStorageAccountName string
param leaseContainerName string
param packageContainerName string
param serviceBusNamespaceName string
param inboundQueueName string
param resultsQueueName string
param deliveryQueueName string
param appKeyVaultName string
param signingKeyName string
param nodeKeyVaultName string
param appInsightsName string
param validatorDnsZoneName string

@description('Names of the val-<i> record sets, one per validator.')
param validatorRecordSetNames array

var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  keyVaultCryptoUser: '12338af0-0e69-4776-bea7-57ae8d297424'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  privateDnsZoneContributor: 'b12aa53e-6015-4669-85d0-8515ebb3ae7f'
}

resource appStorage 'Microsoft.Storage/storageAccounts@2026-09-01' existing = {
  name: appStorageAccountName
}

resource validatorStorage 'Microsoft.Storage/storageAccounts@2026-09-01' existing = {
  name: validatorStorageAccountName
  resource blobService 'blobServices' existing = {
    name: 'default'
    resource leases 'containers' existing = {
      name: leaseContainerName
    }
    resource packages 'containers' existing = {
      name: packageContainerName
    }
  }
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2026-01-01' existing = {
  name: serviceBusNamespaceName
  resource inbound 'queues' existing = {
    name: inboundQueueName
  }
  resource results 'queues' existing = {
    name: resultsQueueName
  }
  resource delivery 'queues' existing = {
    name: deliveryQueueName
  }
}

resource appKeyVault 'Microsoft.KeyVault/vaults@2026-05-15' existing = {
  name: appKeyVaultName
  resource signingKey 'keys' existing = {
    name: signingKeyName
  }
}

resource nodeKeyVault 'Microsoft.KeyVault/vaults@2026-05-15' existing = {
  name: nodeKeyVaultName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource validatorDnsZone 'Microsoft.Network/privateDnsZones@2024-06-01' existing = {
  name: validatorDnsZoneName
}

resource validatorRecordSets 'Microsoft.Network/privateDnsZones/A@2024-06-01' existing = [
  for recordSetName in validatorRecordSetNames: {
    parent: validatorDnsZone
    name: recordSetName
  }
]

// Functions host, Durable task hub and the Flex deployment package live in the app account; the host needs
// account-wide data roles there (it creates its own containers, queues and tables).
resource functionBlobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appStorage.id, functionPrincipalId, roles.storageBlobDataOwner)
  scope: appStorage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource functionQueueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appStorage.id, functionPrincipalId, roles.storageQueueDataContributor)
  scope: appStorage
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roles.storageQueueDataContributor
    )
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource functionTableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appStorage.id, functionPrincipalId, roles.storageTableDataContributor)
  scope: appStorage
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roles.storageTableDataContributor
    )
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource functionInboundReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBus::inbound.id, functionPrincipalId, roles.serviceBusDataReceiver)
  scope: serviceBus::inbound
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataReceiver)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource functionResultsSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBus::results.id, functionPrincipalId, roles.serviceBusDataSender)
  scope: serviceBus::results
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataSender)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource functionDeliverySender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBus::delivery.id, functionPrincipalId, roles.serviceBusDataSender)
  scope: serviceBus::delivery
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataSender)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource functionDeliveryReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBus::delivery.id, functionPrincipalId, roles.serviceBusDataReceiver)
  scope: serviceBus::delivery
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataReceiver)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource functionSigningKeyUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appKeyVault::signingKey.id, functionPrincipalId, roles.keyVaultCryptoUser)
  scope: appKeyVault::signingKey
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultCryptoUser)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// The app vault's secrets: the webhook secrets the app creates, rotates and deletes, and the consortium subject key
// its Key Vault reference reads. Secrets only: the signing key stays reachable through the key-scoped role above.
resource functionSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appKeyVault.id, functionPrincipalId, roles.keyVaultSecretsOfficer)
  scope: appKeyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource functionMetricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, functionPrincipalId, roles.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roles.monitoringMetricsPublisher
    )
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource validatorLeaseContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(validatorStorage::blobService::leases.id, validatorPrincipalId, roles.storageBlobDataContributor)
  scope: validatorStorage::blobService::leases
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roles.storageBlobDataContributor
    )
    principalId: validatorPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource validatorPackageReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(validatorStorage::blobService::packages.id, validatorPrincipalId, roles.storageBlobDataReader)
  scope: validatorStorage::blobService::packages
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataReader)
    principalId: validatorPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// The node-key vault holds only validator node keys, so vault scope is exactly "this member's node keys".
resource validatorNodeKeyReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(nodeKeyVault.id, validatorPrincipalId, roles.keyVaultSecretsUser)
  scope: nodeKeyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: validatorPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource validatorDnsRecordWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (recordSetName, i) in validatorRecordSetNames: {
    name: guid(validatorRecordSets[i].id, validatorPrincipalId, roles.privateDnsZoneContributor)
    scope: validatorRecordSets[i]
    properties: {
      roleDefinitionId: subscriptionResourceId(
        'Microsoft.Authorization/roleDefinitions',
        roles.privateDnsZoneContributor
      )
      principalId: validatorPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

// The key ceremony uploads node keys as secrets; the deployer never gets to read the app's signing key.
resource deployerNodeKeyOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  name: guid(nodeKeyVault.id, deployerPrincipalId, roles.keyVaultSecretsOfficer)
  scope: nodeKeyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
  }
}
