// One consortium member's Azure footprint, provisioned by `azd up`: identities, monitoring, network, Storage,
// Service Bus, Key Vaults, the Function App, the validator tier, private endpoints, role assignments, the
// workbook and alerts. Parameters carry no secrets; validator node keys never pass through this template.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names the resource group and seeds resource names.')
param environmentName string

@minLength(1)
@description('Azure region of every regional resource.')
param location string

@description('Object id of whoever runs azd (AZURE_PRINCIPAL_ID); gets Key Vault Secrets Officer on the node-key vault for the key ceremony.')
param principalId string = ''

@allowed(['User', 'ServicePrincipal', 'Group'])
@description('Kind of principal behind principalId.')
param principalType string = 'User'

@minValue(0)
@maxValue(255)
@description('Consortium member number (0-255); the VNet is 10.<memberId>.0.0/16 so members never overlap.')
param memberId int

@minLength(2)
@maxLength(12)
@description('Consortium member name, lower-case letters, digits and hyphens; must match infra/consortium/validators.json.')
param memberName string

@minValue(1)
@maxValue(15)
@description('Validators this member runs (2 / 7 / 15 for the small / medium / large profiles). Fixed: no autoscale.')
param validatorCount int = 2

@description('VM size of a validator.')
param validatorVmSize string = 'Standard_D4s_v5'

@description('Compute Gallery image with Besu baked in; empty to install Besu from besuPackageBlobName.')
param validatorImageId string = ''

@description('Blob in the validator account\'s besu-packages container holding the Besu tar.gz; used without an image.')
param besuPackageBlobName string = ''

@description('SHA-256 of that Besu tar.gz.')
param besuPackageSha256 string = ''

@description('Administrator of the validator VMs (break-glass; Entra ID SSH login is the normal path).')
param validatorAdminUsername string = 'besuadmin'

@description('SSH public key of that administrator (public key, not a secret).')
param validatorAdminSshPublicKey string

@description('Other members\' validator subnets, allowed to reach p2p port 30303 over peering or VPN.')
param peerAddressPrefixes array = []

@description('Ranges allowed to SSH to validators (e.g. the hub Bastion subnet); empty for none.')
param sshSourcePrefixes array = []

@description('Give validators outbound internet through a NAT gateway; false when egress goes through the bank\'s firewall.')
param enableNatGateway bool = true

@description('Address of the CreditRegistry contract once deployed; empty before.')
param chainContractAddress string = ''

@description('On-call mailbox for alerts; empty for alerts without notification.')
param alertEmail string = ''

@description('Client id of the Entra ID app registration of the bank\'s API (app roles reader, operator, admin; assignment required). Every HTTP call but /api/health must carry a token for it.')
param apiClientId string

@description('Networks (CIDR) of the bank allowed to call the Function App; empty: no public access at all (private endpoint or VNet only).')
param apiAllowedClientCidrs array = []

@description('Partner networks (CIDR, comma-separated) reachable by webhooks over peering (WEBHOOK_ALLOWED_NETWORKS); empty: public partners only.')
param webhookAllowedNetworks string = ''

@secure()
@description('The consortium-wide HMAC key for subject keys (hex or base64, at least 32 bytes; the same at every member, shared out of band). Stored in the app vault; the app reads it through a Key Vault reference.')
param consortiumSubjectKey string

@description('NCRONTAB schedule of the reconciliation timer (RECONCILIATION_SCHEDULE).')
param reconciliationSchedule string = '0 */15 * * * *'

@description('NCRONTAB schedule of the retention timer (RETENTION_SCHEDULE).')
param retentionSchedule string = '0 17 * * * *'

var genesis = loadJsonContent('consortium/genesis.json')
var token = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  'consortium-member': memberName
  workload: 'creditlink'
}
var validatorDnsZoneName = '${memberName}.poa.internal'
var rpcLoadBalancerIp = '10.${memberId}.0.10'
var leaseContainerName = 'validator-leases'
var packageContainerName = 'besu-packages'
var deploymentContainerName = 'app-package'

resource resourceGroup 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identities 'modules/identity.bicep' = {
  name: 'identities'
  scope: resourceGroup
  params: {
    location: location
    functionIdentityName: 'id-func-${token}'
    validatorIdentityName: 'id-validators-${token}'
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: resourceGroup
  params: {
    location: location
    workspaceName: 'log-${token}'
    appInsightsName: 'appi-${token}'
    tags: tags
  }
}

module network 'modules/network.bicep' = {
  name: 'network'
  scope: resourceGroup
  params: {
    location: location
    memberId: memberId
    vnetName: 'vnet-${token}'
    validatorDnsZoneName: validatorDnsZoneName
    validatorCount: validatorCount
    peerAddressPrefixes: peerAddressPrefixes
    sshSourcePrefixes: sshSourcePrefixes
    enableNatGateway: enableNatGateway
    workspaceId: monitoring.outputs.workspaceId
    tags: tags
  }
}

module appStorage 'modules/storage.bicep' = {
  name: 'app-storage'
  scope: resourceGroup
  params: {
    location: location
    name: 'st${token}'
    containerNames: [deploymentContainerName]
    workspaceId: monitoring.outputs.workspaceId
    tags: tags
  }
}

module validatorStorage 'modules/storage.bicep' = {
  name: 'validator-storage'
  scope: resourceGroup
  params: {
    location: location
    name: 'stval${token}'
    containerNames: [leaseContainerName, packageContainerName]
    workspaceId: monitoring.outputs.workspaceId
    tags: tags
  }
}

module serviceBus 'modules/serviceBus.bicep' = {
  name: 'service-bus'
  scope: resourceGroup
  params: {
    location: location
    name: 'sb-${token}'
    inboundQueueName: 'inbound-${memberName}'
    resultsQueueName: 'results-${memberName}'
    deliveryQueueName: 'delivery-${memberName}'
    workspaceId: monitoring.outputs.workspaceId
    tags: tags
  }
}

module appKeyVault 'modules/keyVault.bicep' = {
  name: 'app-key-vault'
  scope: resourceGroup
  params: {
    location: location
    name: 'kv-${token}'
    signingKeyName: 'tx-signer-${memberName}'
    subjectKeySecretName: 'consortium-subject-key'
    subjectKey: consortiumSubjectKey
    workspaceId: monitoring.outputs.workspaceId
    tags: tags
  }
}

module nodeKeyVault 'modules/keyVault.bicep' = {
  name: 'node-key-vault'
  scope: resourceGroup
  params: {
    location: location
    name: 'kvn-${token}'
    workspaceId: monitoring.outputs.workspaceId
    tags: tags
  }
}

// Loop sources must be known when the deployment starts, so targets and zones are looked up by key below.
var privateEndpoints = [
  { name: 'pe-kv-${token}', target: 'appKeyVault', groupId: 'vault', zone: 'keyVault' }
  { name: 'pe-kvn-${token}', target: 'nodeKeyVault', groupId: 'vault', zone: 'keyVault' }
  { name: 'pe-sb-${token}', target: 'serviceBus', groupId: 'namespace', zone: 'serviceBus' }
  { name: 'pe-st-blob-${token}', target: 'appStorage', groupId: 'blob', zone: 'blob' }
  { name: 'pe-st-queue-${token}', target: 'appStorage', groupId: 'queue', zone: 'queue' }
  { name: 'pe-st-table-${token}', target: 'appStorage', groupId: 'table', zone: 'table' }
  { name: 'pe-stval-blob-${token}', target: 'validatorStorage', groupId: 'blob', zone: 'blob' }
]

module endpoints 'modules/privateEndpoint.bicep' = [
  for endpoint in privateEndpoints: {
    name: endpoint.name
    scope: resourceGroup
    params: {
      location: location
      name: endpoint.name
      subnetId: network.outputs.privateEndpointSubnetId
      privateLinkServiceId: {
        appKeyVault: appKeyVault.outputs.id
        nodeKeyVault: nodeKeyVault.outputs.id
        serviceBus: serviceBus.outputs.id
        appStorage: appStorage.outputs.id
        validatorStorage: validatorStorage.outputs.id
      }[endpoint.target]
      groupId: endpoint.groupId
      privateDnsZoneId: {
        keyVault: network.outputs.keyVaultDnsZoneId
        serviceBus: network.outputs.serviceBusDnsZoneId
        blob: network.outputs.blobDnsZoneId
        queue: network.outputs.queueDnsZoneId
        table: network.outputs.tableDnsZoneId
      }[endpoint.zone]
      tags: tags
    }
  }
]

module validators 'modules/validators.bicep' = {
  name: 'validators'
  scope: resourceGroup
  params: {
    location: location
    memberName: memberName
    validatorCount: validatorCount
    vmSize: validatorVmSize
    imageId: validatorImageId
    besuPackageUrl: empty(besuPackageBlobName)
      ? ''
      : '${validatorStorage.outputs.blobEndpoint}${packageContainerName}/${besuPackageBlobName}'
    besuPackageSha256: besuPackageSha256
    adminUsername: validatorAdminUsername
    adminSshPublicKey: validatorAdminSshPublicKey
    identityId: identities.outputs.validatorIdentityId
    identityClientId: identities.outputs.validatorIdentityClientId
    subnetId: network.outputs.validatorSubnetId
    rpcLoadBalancerIp: rpcLoadBalancerIp
    leaseContainerUrl: '${validatorStorage.outputs.blobEndpoint}${leaseContainerName}'
    nodeKeyVaultUrl: nodeKeyVault.outputs.uri
    validatorDnsZoneName: network.outputs.validatorDnsZoneName
    workspaceId: monitoring.outputs.workspaceId
    tags: tags
  }
  dependsOn: [endpoints, rbac]
}

module functionApp 'modules/functionApp.bicep' = {
  name: 'function-app'
  scope: resourceGroup
  params: {
    location: location
    name: 'func-${token}'
    planName: 'plan-${token}'
    identityId: identities.outputs.functionIdentityId
    identityClientId: identities.outputs.functionIdentityClientId
    subnetId: network.outputs.functionSubnetId
    storageAccountName: appStorage.outputs.name
    storageBlobEndpoint: appStorage.outputs.blobEndpoint
    storageTableEndpoint: appStorage.outputs.tableEndpoint
    deploymentContainerName: deploymentContainerName
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
    inboundQueueName: serviceBus.outputs.inboundQueueName
    resultsQueueName: serviceBus.outputs.resultsQueueName
    deliveryQueueName: serviceBus.outputs.deliveryQueueName
    keyVaultUrl: appKeyVault.outputs.uri
    signingKeyName: appKeyVault.outputs.signingKeyName
    subjectKeySecretUri: appKeyVault.outputs.subjectKeySecretUri
    reconciliationSchedule: reconciliationSchedule
    retentionSchedule: retentionSchedule
    chainRpcUrls: 'http://${rpcLoadBalancerIp}:8545'
    chainId: genesis.config.chainId
    chainContractAddress: chainContractAddress
    durableTaskHub: 'creditlink${replace(memberName, '-', '')}'
    apiClientId: apiClientId
    allowedClientCidrs: apiAllowedClientCidrs
    webhookAllowedNetworks: webhookAllowedNetworks
    tags: tags
  }
  dependsOn: [endpoints, rbac]
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  scope: resourceGroup
  params: {
    functionPrincipalId: identities.outputs.functionIdentityPrincipalId
    validatorPrincipalId: identities.outputs.validatorIdentityPrincipalId
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
    appStorageAccountName: appStorage.outputs.name
    validatorStorageAccountName: validatorStorage.outputs.name
    leaseContainerName: leaseContainerName
    packageContainerName: packageContainerName
    serviceBusNamespaceName: serviceBus.outputs.name
    inboundQueueName: serviceBus.outputs.inboundQueueName
    resultsQueueName: serviceBus.outputs.resultsQueueName
    deliveryQueueName: serviceBus.outputs.deliveryQueueName
    appKeyVaultName: appKeyVault.outputs.name
    signingKeyName: appKeyVault.outputs.signingKeyName
    nodeKeyVaultName: nodeKeyVault.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
    validatorDnsZoneName: network.outputs.validatorDnsZoneName
    validatorRecordSetNames: network.outputs.validatorRecordSetNames
  }
}

module observability 'modules/observability.bicep' = {
  name: 'observability'
  scope: resourceGroup
  params: {
    location: location
    memberName: memberName
    validatorCount: validatorCount
    workspaceId: monitoring.outputs.workspaceId
    serviceBusId: serviceBus.outputs.id
    keyVaultId: appKeyVault.outputs.id
    alertEmail: alertEmail
    tags: tags
  }
}

output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_APP_HOST string = functionApp.outputs.defaultHostName
output KEYVAULT_URL string = appKeyVault.outputs.uri
output NODE_KEYVAULT_NAME string = nodeKeyVault.outputs.name
output SERVICEBUS_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output CHAIN_RPC_URLS string = 'http://${rpcLoadBalancerIp}:8545'
output VALIDATOR_SCALE_SET_NAME string = validators.outputs.scaleSetName
