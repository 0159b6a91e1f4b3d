// A Premium Key Vault with RBAC, purge protection and no public network access. Used twice: the app vault
// holding the bank's EC-HSM secp256k1 transaction-signing key, and the node-key vault holding the validators'
// node keys as secrets (uploaded by the key ceremony, never by this template). The app vault also holds the
// consortium subject key (a secure deployment parameter) and the webhook secrets the app writes.

@description('Azure region.')
param location string

@minLength(3)
@maxLength(24)
@description('Vault name.')
param name string

@description('Name of the EC-HSM P-256K signing key to create; empty for a vault without keys.')
param signingKeyName string = ''

@description('Name of the secret holding the consortium subject key; empty for a vault without it.')
param subjectKeySecretName string = ''

@secure()
@description('The consortium-wide HMAC key for subject keys (hex or base64, at least 32 bytes), shared by the members out of band.')
param subjectKey string = ''

@description('Log Analytics workspace that receives diagnostics.')
param workspaceId string

@description('Tags applied to every resource.')
param tags object

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'premium'
    }
    enableRbacAuthorization: true
    enablePurgeProtection: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: 'Disabled'
    // AzureServices lets Resource Manager create the signing key; every other caller comes through the endpoint.
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'AzureServices'
    }
  }
}

// No rotation policy on purpose: a new key version is a new Ethereum address for the bank.
resource signingKey 'Microsoft.KeyVault/vaults/keys@2026-05-15' = if (!empty(signingKeyName)) {
  parent: vault
  name: empty(signingKeyName) ? 'unused' : signingKeyName
  properties: {
    kty: 'EC-HSM'
    curveName: 'P-256K'
    keyOps: ['sign', 'verify']
    attributes: {
      enabled: true
      exportable: false
    }
  }
}

// The app reads it through a Key Vault reference (CONSORTIUM_SUBJECT_KEY), never as a plain app setting.
resource subjectKeySecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (!empty(subjectKeySecretName)) {
  parent: vault
  name: empty(subjectKeySecretName) ? 'unused' : subjectKeySecretName
  properties: {
    value: subjectKey
    contentType: 'consortium subject key'
    attributes: { enabled: true }
  }
}

// 2021-05-01-preview is the newest diagnostic-settings API. The linter's suggestion, 2016-09-01, is the legacy
// singleton setting (name 'service', no categoryGroup), so it cannot express this (Azure/bicep#15992).
#disable-next-line use-recent-api-versions
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: vault
  properties: {
    workspaceId: workspaceId
    logs: [{ categoryGroup: 'allLogs', enabled: true }]
    metrics: [{ category: 'AllMetrics', enabled: true }]
  }
}

output id string = vault.id
output name string = vault.name
output uri string = vault.properties.vaultUri
output signingKeyName string = signingKeyName
output subjectKeySecretUri string = empty(subjectKeySecretName) ? '' : subjectKeySecret!.properties.secretUri
